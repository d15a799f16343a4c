#!/usr/bin/env bash
# The whole test suite: unit tests, then the integration tests against real programs: a
# PostgreSQL (an embedded server from Maven Central) and rsyslog (Debian's package), each
# started and stopped by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/../.."

ops/scripts/ensure-toolchain.sh
ops/scripts/ensure-test-programs.sh
# Not -q: Surefire's "Tests run:" lines are how CI and people see what ran.
exec mvn -B -ntp verify "$@"
