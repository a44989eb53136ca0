# Finds a JDK >= 21 for somactl: SOMACTL_JAVA_HOME, then JAVA_HOME, then the newest under /usr/lib/jvm.
# Sourced by bin/somactl and the dev scripts; sets SOMACTL_JAVA (the java binary) and SOMACTL_JDK_HOME.

somactl_java_major() { # prints the major version of the java binary $1, or nothing
  local release version
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then # a JDK says its version in a file: no need to start a JVM (~50 ms) on every run
    version=$(sed -n 's/^JAVA_VERSION="\([0-9.]*\).*/\1/p' "$release" | head -n1)
    version=${version#1.} # 1.8.0 -> 8.0
    [ -n "$version" ] && { echo "${version%%.*}"; return; }
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

# The JVM's ahead-of-time cache for a jar (Java 25+): classes loaded and linked, methods profiled by
# a training run, so every command starts faster (ingest's start: ~3.1 s -> ~1.7 s). It belongs to
# exactly one jar file (path, size, time) and one JDK; the launcher ignores a stale one.
somactl_aot_cache_of() { echo "${1%.jar}.aot"; }

somactl_aot_usable() { # $1 = jar: true if its cache exists, is newer than the jar and this JDK can read it
  local cache
  cache=$(somactl_aot_cache_of "$1")
  [ -f "$cache" ] && [ "$cache" -nt "$1" ] && [ "$(somactl_java_major "$SOMACTL_JAVA")" -ge 25 ] \
    && [ "$(cat "$cache.jdk" 2>/dev/null)" = "$SOMACTL_JAVA" ]
}

somactl_aot_train() { # $1 = jar: (re)creates its cache with the training run; a no-op before Java 25
  local jar=$1 cache
  [ "$(somactl_java_major "$SOMACTL_JAVA")" -ge 25 ] || return 0
  cache=$(somactl_aot_cache_of "$jar")
  rm -f "$cache" "$cache.jdk"
  if "$SOMACTL_JAVA" -XX:AOTCacheOutput="$cache" -Xlog:aot=error -Xlog:cds=error -cp "$jar" io.somactl.cli.AotTraining \
      > "$cache.log" 2>&1 && [ -f "$cache" ]; then
    echo "$SOMACTL_JAVA" > "$cache.jdk"
  else
    echo "warning: could not build the JVM's AOT cache for $jar (see $cache.log); somactl works, it just starts slower" >&2
    rm -f "$cache"
  fi
}

somactl_find_java() {
  local minimum=21 candidate major looked=()
  local candidates=()
  [ -n "${SOMACTL_JAVA_HOME:-}" ] && candidates+=("$SOMACTL_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r candidate; do candidates+=("$candidate"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
  fi
  for candidate in "${candidates[@]}"; do
    looked+=("$candidate")
    [ -x "$candidate/bin/java" ] || continue
    major=$(somactl_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$minimum" ]; then
      SOMACTL_JDK_HOME="$candidate"
      SOMACTL_JAVA="$candidate/bin/java"
      return 0
    fi
  done
  {
    echo "somactl needs Java $minimum or newer and found none."
    echo "Looked in: SOMACTL_JAVA_HOME=${SOMACTL_JAVA_HOME:-<unset>}, JAVA_HOME=${JAVA_HOME:-<unset>}, /usr/lib/jvm/*"
    [ ${#looked[@]} -gt 0 ] && echo "Checked: ${looked[*]}"
    echo "Install a JDK >= $minimum (e.g. apt-get install openjdk-21-jdk-headless) or set SOMACTL_JAVA_HOME."
  } >&2
  return 1
}

# Runs Maven with the JDK found above; Maven 3.8 on Java 24+ warns about sun.misc.Unsafe unless allowed.
somactl_mvn() {
  local opts="${MAVEN_OPTS:-}"
  if [ "$(somactl_java_major "$SOMACTL_JAVA")" -ge 24 ]; then
    opts="$opts --sun-misc-unsafe-memory-access=allow"
  fi
  JAVA_HOME="$SOMACTL_JDK_HOME" MAVEN_OPTS="$opts" mvn -B -ntp -Dstyle.color=never "$@"
}
