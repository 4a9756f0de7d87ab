# Sourced by the bench scripts: builds the bench module and unpacks the Artemis distribution (bench/target/artemis)
# when the jar is missing or older than a source. Sets $jar and $root; runs from the repository root.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/bus-bench-0.1.0-SNAPSHOT.jar"
cd "$root"

if [ ! -f "$jar" ] || ! ls -d bench/target/artemis/apache-artemis-* >/dev/null 2>&1 \
    || [ -n "$(find pom.xml schemas security broker routes/src routes/pom.xml bench/src bench/pom.xml \
      \( -path '*/target' -o -path '*/examples' \) -prune -o -type f -newer "$jar" -print -quit)" ]; then
  echo "$(basename "$0"): building the benchmark and unpacking the Artemis distribution..." >&2
  mvn -q -B -DskipTests -Partemis-dist -pl bench -am package >&2
  touch "$jar"
fi
