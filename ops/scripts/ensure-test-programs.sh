#!/usr/bin/env bash
# Installs the real programs the integration tests run (Debian's packages). Installing them
# starts nothing: each test starts its own instance on loopback and stops it by its PID.
set -euo pipefail

need=()
command -v rsyslogd >/dev/null 2>&1 || need+=(rsyslog)
[ -e /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so ] || need+=(rsyslog-gnutls)

"$(dirname "$0")/install-packages.sh" ${need[@]+"${need[@]}"}
