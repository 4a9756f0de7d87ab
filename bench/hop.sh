#!/usr/bin/env bash
# One protected hop against the raw broker, side by side (docs/BENCHMARKS.md, "One protected hop").
#   bench/hop.sh                 default run: appends the result to docs/BENCHMARKS.md
#   bench/hop.sh --profile       also prints where the message threads' wall time goes
#   bench/hop.sh --help          every option
#   HOP_JAVA_OPTS="-XX:StartFlightRecording=filename=hop.jfr,settings=profile -XX:FlightRecorderOptions=stackdepth=256" bench/hop.sh ...
#                                a JFR recording (deep stacks: Camel's are longer than the default 64 frames)
# Builds the bench module and unpacks the Artemis distribution (bench/target/artemis) when needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-stale.sh"

exec java -Xms1g -Xmx2g ${HOP_JAVA_OPTS:-} -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.hop.HopBenchmark "$@"
