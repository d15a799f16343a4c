#!/usr/bin/env bash
# Installs the real programs the integration tests run (Debian's packages), and the browser
# driver the page tests use (npm's playwright-core, pinned by ops/browser-tests'
# package-lock.json). Installing starts nothing: each test starts its own instance on
# loopback and stops it by its PID.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v rsyslogd >/dev/null 2>&1 || need+=(rsyslog)
[ -e /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so ] || need+=(rsyslog-gnutls)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)

ops/scripts/install-packages.sh ${need[@]+"${need[@]}"}

# npm ci installs exactly what the lock file names; it runs again only when the lock changed.
browser=ops/browser-tests
if ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.package-lock.json.installed"; then
  npm ci --prefix "$browser" --no-audit --no-fund --ignore-scripts >/dev/null
  cp "$browser/package-lock.json" "$browser/node_modules/.package-lock.json.installed"
fi
