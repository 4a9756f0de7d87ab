#!/usr/bin/env bash
# A cross-site hop (NL node -> EUROPOL hub -> BE node) against the same hop on one broker, side by side, every broker
# and node a process of its own (docs/BENCHMARKS.md, "A cross-site hop").
#   bench/sites-hop.sh                 default run: appends the result to docs/BENCHMARKS.md
#   bench/sites-hop.sh --help          every option
# Builds the bench module and unpacks the Artemis distribution (bench/target/artemis) when needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-if-stale.sh"

exec java -Xmx1g -cp "$jar:$root/bench/target/lib/*" eu.bus.bench.hop.SiteHopBenchmark "$@"
