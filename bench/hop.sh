#!/usr/bin/env bash
# One protected hop against the raw broker, side by side (docs/BENCHMARKS.md, "One protected hop").
#   bench/hop.sh                 default run: appends the result to docs/BENCHMARKS.md
#   bench/hop.sh --profile       also prints where the message threads' wall time goes
#   bench/hop.sh --help          every option
#   HOP_JAVA_OPTS=-XX:StartFlightRecording=filename=hop.jfr bench/hop.sh ...   extra JVM options (a JFR recording)
# Builds the bench module and unpacks the Artemis distribution (bench/target/artemis) when needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/bus-bench-0.1.0-SNAPSHOT.jar"
cd "$root"

if [ ! -f "$jar" ] || ! ls -d bench/target/artemis/apache-artemis-* >/dev/null 2>&1 \
    || [ -n "$(find pom.xml schemas security broker routes/src routes/pom.xml bench/src bench/pom.xml \
      \( -path '*/target' -o -path '*/examples' \) -prune -o -type f -newer "$jar" -print -quit)" ]; then
  echo "hop: building the benchmark and unpacking the Artemis distribution..." >&2
  mvn -q -B -DskipTests -Partemis-dist -pl bench -am package >&2
  touch "$jar"
fi

exec java -Xms1g -Xmx2g ${HOP_JAVA_OPTS:-} -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.hop.HopBenchmark "$@"
