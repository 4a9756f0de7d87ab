#!/usr/bin/env bash
# The crash and outage suite (routes/src/test/java/eu/bus/reliability, docs/RELIABILITY.md) with soak sizes:
# 50,000 messages through the broker kill, 5,000 through each node kill, 2,000 around the poison message,
# 1,000 tries per hostile-input property. Each scenario prints its end count as one "LEDGER ..." line.
#   bench/soak.sh                          every scenario, soak sizes (about an hour on 2 cores)
#   bench/soak.sh BrokerCrashTest          one scenario (a test class name; commas for several)
#   SOAK_MESSAGES=20000 bench/soak.sh ...  exactly this many messages per scenario instead
# The LEDGER lines are collected in routes/target/reliability/ledger.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tests="${1:-eu/bus/reliability/**}"
extra=()
if [ -n "${SOAK_MESSAGES:-}" ]; then
  extra+=("-Dbus.reliability.messages=$SOAK_MESSAGES")
fi
rm -f routes/target/surefire-reports/*eu.bus.reliability.*  # only this run's LEDGER lines are collected below
mvn -B -pl routes -am test -Dbus.soak=true -Djqwik.tries.default=1000 "${extra[@]}" \
  -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false
mkdir -p routes/target/reliability
grep -h '^LEDGER ' routes/target/surefire-reports/eu.bus.reliability.*-output.txt | tee routes/target/reliability/ledger.txt
