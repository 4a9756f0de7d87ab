#!/usr/bin/env bash
# A backlog for a node that was down: queued while it is down (the broker pages it), then drained (docs/BENCHMARKS.md,
# "Backlog: a node that was down").
#   bench/backlog.sh                   100,000 messages; appends the result to docs/BENCHMARKS.md
#   bench/backlog.sh --messages 10000  a shorter run
#   bench/backlog.sh --help            every option
# Builds the bench module when needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-stale.sh"

exec java -Xms1g -Xmx2g ${BACKLOG_JAVA_OPTS:-} -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.hop.BacklogBenchmark "$@"
