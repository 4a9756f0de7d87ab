#!/usr/bin/env bash
# Audit verification with witnesses (docs/BENCHMARKS.md, "Audit verification with witnesses"): the bus's verifier and
# the standalone bus-verify.jar on a witnessed log, and one witnessing round.
#   bench/verify.sh                    200,000 records; appends the result to docs/BENCHMARKS.md
#   bench/verify.sh --records 20000    a shorter run
#   bench/verify.sh --help             every option
# Builds the bench module when needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-stale.sh"

exec java -Xms1g -Xmx2g ${VERIFY_JAVA_OPTS:-} -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.WitnessedVerifyBenchmark "$@"
