#!/usr/bin/env bash
# Replay (docs/BENCHMARKS.md, "Replay"): bus audit replay over what a node received, verify + open + validate.
#   bench/replay.sh                     10,000 messages; appends the result to docs/BENCHMARKS.md
#   bench/replay.sh --messages 2000     a shorter run
#   bench/replay.sh --help              every option
# Builds the bench module when needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-stale.sh"

exec java -Xms1g -Xmx2g ${REPLAY_JAVA_OPTS:-} -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.ReplayBenchmark "$@"
