#!/usr/bin/env bash
# Runs the JMH benchmarks of bench/ (never part of the test run). Arguments go to JMH:
#   ./bench.sh                      every benchmark, default settings
#   ./bench.sh Validation -f 1      the benchmarks whose name matches 'Validation', one fork
#   ./bench.sh -h                   JMH's own options
#   ./bench.sh hop [--help]         one protected hop against the raw broker (bench/hop.sh)
# Results and how to read them: docs/BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "${1:-}" = hop ]; then
  shift
  exec "$root/bench/hop.sh" "$@"
fi
jar="$root/bench/target/bus-bench-0.1.0-SNAPSHOT.jar"

if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/schemas" "$root/security" "$root/bench" \
      \( -path '*/target' -o -path '*/examples' \) -prune -o -type f -newer "$jar" -print -quit)" ]; then
  echo "bench: building the benchmarks..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl bench -am package) >&2
  touch "$jar"
fi

exec java -cp "$jar:$root/bench/target/lib/*" org.openjdk.jmh.Main "$@"
