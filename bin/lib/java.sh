# Finds a JDK >= 21 for somactl: SOMACTL_JAVA_HOME, then JAVA_HOME, then the newest under /usr/lib/jvm.
# Sourced by bin/somactl and the dev scripts; sets SOMACTL_JAVA (the java binary), SOMACTL_JDK_HOME and
# SOMACTL_JAVA_MAJOR (its major version).

somactl_java_major() { # prints the major version of the java binary $1, or nothing
  somactl_read_java_major "$1"
  [ -n "$SOMACTL_READ_MAJOR" ] && echo "$SOMACTL_READ_MAJOR"
  return 0
}

somactl_read_java_major() { # sets SOMACTL_READ_MAJOR to the major version of the java binary $1, or to nothing
  # Without a subprocess when the JDK says its version in its release file: the launcher runs this on every
  # command, and each fork costs milliseconds (tens on a busy machine) before the JVM even starts.
  local home=${1%/bin/java} line version
  SOMACTL_READ_MAJOR=""
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*)
          version=${line#JAVA_VERSION=}; version=${version//\"/}; version=${version#1.} # "1.8.0" -> 8.0
          version=${version%%[!0-9]*}
          [ -n "$version" ] && { SOMACTL_READ_MAJOR=$version; return 0; }
          ;;
      esac
    done < "$home/release"
  fi
  SOMACTL_READ_MAJOR=$("$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1)
}

# The JVM's ahead-of-time cache for a jar (Java 25+): classes loaded and linked, methods profiled by
# a training run, so every command starts faster (ingest's start: ~3.1 s -> ~1.7 s). It belongs to
# exactly one jar file (path, size, time) and one JDK; the launcher ignores a stale one.
somactl_aot_cache_of() { echo "${1%.jar}.aot"; }

somactl_aot_usable() { # $1 = jar: true if its cache exists, is newer than the jar and this JDK can read it
  local cache=${1%.jar}.aot origin="" # as somactl_aot_cache_of, without a subshell
  [ -f "$cache" ] && [ "$cache" -nt "$1" ] && [ -f "$cache.jdk" ] || return 1
  IFS= read -r origin < "$cache.jdk" || true
  [ "$origin" = "$SOMACTL_JAVA" ] && [ "${SOMACTL_JAVA_MAJOR:-$(somactl_java_major "$SOMACTL_JAVA")}" -ge 25 ]
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
  local minimum=21 candidate major looked=() best="" best_major=0
  for candidate in ${SOMACTL_JAVA_HOME:+"$SOMACTL_JAVA_HOME"} ${JAVA_HOME:+"$JAVA_HOME"}; do
    looked+=("$candidate")
    [ -x "$candidate/bin/java" ] || continue
    somactl_read_java_major "$candidate/bin/java"; major=$SOMACTL_READ_MAJOR
    if [ -n "$major" ] && [ "$major" -ge "$minimum" ]; then
      best=$candidate best_major=$major
      break
    fi
  done
  if [ -z "$best" ] && [ -d /usr/lib/jvm ]; then # the newest JDK there (highest version)
    for candidate in /usr/lib/jvm/*/; do
      candidate=${candidate%/}
      looked+=("$candidate")
      [ -x "$candidate/bin/java" ] || continue
      somactl_read_java_major "$candidate/bin/java"; major=$SOMACTL_READ_MAJOR
      if [ -n "$major" ] && [ "$major" -ge "$minimum" ] && [ "$major" -gt "$best_major" ]; then
        best=$candidate best_major=$major
      fi
    done
  fi
  if [ -n "$best" ]; then
    SOMACTL_JDK_HOME="$best"
    SOMACTL_JAVA="$best/bin/java"
    SOMACTL_JAVA_MAJOR=$best_major
    return 0
  fi
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
