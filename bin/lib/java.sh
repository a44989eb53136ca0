# Finds a JDK >= 21 for somactl: SOMACTL_JAVA_HOME, then JAVA_HOME, then the newest under /usr/lib/jvm.
# Sourced by bin/somactl and the dev scripts; sets SOMACTL_JAVA (the java binary) and SOMACTL_JDK_HOME.

somactl_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
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
