#!/usr/bin/env bash
# Makes sure a JDK 17+, Maven and OpenSSL are present, installing Debian's packages when
# they are not.
set -euo pipefail

need=()
if ! command -v javac >/dev/null 2>&1 \
    || [ "$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')" -lt 17 ]; then
  need+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null 2>&1 || need+=(maven)
# The tests check that OpenSSL reads the checkpoint keys Sightline writes.
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Sightline needs: ${need[*]} (install them, or run this script as root)" >&2
    exit 1
  fi
  echo "Installing ${need[*]}..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
