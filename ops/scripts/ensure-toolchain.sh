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

"$(dirname "$0")/install-packages.sh" ${need[@]+"${need[@]}"}
