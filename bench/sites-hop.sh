#!/usr/bin/env bash
# A cross-site hop (NL node -> EUROPOL hub -> BE node) against the same hop on one broker, side by side, every broker
# and node a process of its own (docs/BENCHMARKS.md, "A cross-site hop").
#   bench/sites-hop.sh                 default run: appends the result to docs/BENCHMARKS.md
#   bench/sites-hop.sh --help          every option
# Builds the bench module and unpacks the Artemis distribution (bench/target/artemis) when needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/bus-bench-0.1.0-SNAPSHOT.jar"
cd "$root"

if [ ! -f "$jar" ] || ! ls -d bench/target/artemis/apache-artemis-* >/dev/null 2>&1 \
    || [ -n "$(find pom.xml schemas security broker routes/src routes/pom.xml bench/src bench/pom.xml \
      \( -path '*/target' -o -path '*/examples' \) -prune -o -type f -newer "$jar" -print -quit)" ]; then
  echo "sites-hop: building the benchmark and unpacking the Artemis distribution..." >&2
  mvn -q -B -DskipTests -Partemis-dist -pl bench -am package >&2
  touch "$jar"
fi

exec java -Xmx1g -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.hop.SiteHopBenchmark "$@"
