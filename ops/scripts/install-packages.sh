#!/usr/bin/env bash
# Installs Debian packages by name when any is missing: install-packages.sh PACKAGE...
# Installing starts nothing (no service is enabled for the tests' sake).
set -euo pipefail
[ $# -gt 0 ] || exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Sightline needs: $* (install them, or run this as root)" >&2
  exit 1
fi
echo "Installing $*..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
