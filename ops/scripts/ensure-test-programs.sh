#!/usr/bin/env bash
# Installs the real programs the integration tests run (Debian's packages). Installing them
# starts nothing: each test starts its own instance on loopback and stops it by its PID.
set -euo pipefail

need=()
command -v rsyslogd >/dev/null 2>&1 || need+=(rsyslog)
[ -e /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so ] || need+=(rsyslog-gnutls)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "the tests need: ${need[*]} (install them, or run this script as root)" >&2
    exit 1
  fi
  echo "Installing ${need[*]}..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
    >/dev/null
fi
