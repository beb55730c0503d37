# Sourced by .ci/run, ./sandbox and benchmarks/run: exports JAVA_HOME (and PATH) for a JDK >= 21, taking
# $JAVA_HOME if it is one, else the first under /usr/lib/jvm; otherwise prints what to install and exits 1.
# On JDK 24+ it also adds the flag that quiets Maven's bundled Guava (older JDKs reject the flag).

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F= '/java.specification.version/ {gsub(/ /,"",$2); print $2}'
}

if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    major=$(java_major "$candidate" || echo 0)
    if [ "${major:-0}" -ge 21 ]; then JAVA_HOME="$candidate"; break; fi
  done
  [ -n "$JAVA_HOME" ] || { echo "No JDK >= 21 found (JAVA_HOME or /usr/lib/jvm): install one, e.g. apt-get install openjdk-21-jdk or Temurin 21+" >&2; exit 1; }
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAVA_MAJOR=$(java_major "$JAVA_HOME")
if [ "$JAVA_MAJOR" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
