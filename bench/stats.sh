#!/usr/bin/env bash
# Statistics (docs/BENCHMARKS.md, "Statistics"): bus stats over generated messages.
#   bench/stats.sh                      100,000 messages; appends the result to docs/BENCHMARKS.md
#   bench/stats.sh --messages 20000     a shorter run
#   bench/stats.sh --help               every option
# Builds the bench module when needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-stale.sh"

exec java -Xms1g -Xmx2g ${STATS_JAVA_OPTS:-} -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.StatsBenchmark "$@"
