#!/usr/bin/env bash
# Installs the real programs the integration tests run (Debian's packages: rsyslog, an MIT
# KDC, OpenLDAP, Chromium, aiosmtpd, sslscan), and the browser
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
# Identity: an MIT KDC with its client tools, OpenLDAP's slapd with its client tools, curl
# (built with GSS-API, for SPNEGO) and faketime (a client whose clock is off).
command -v krb5kdc >/dev/null 2>&1 || [ -x /usr/sbin/krb5kdc ] || need+=(krb5-kdc)
command -v kinit >/dev/null 2>&1 || need+=(krb5-user)
# kadmin.local (adding principals, writing keytabs) comes only with the admin server package.
command -v kadmin.local >/dev/null 2>&1 || [ -x /usr/sbin/kadmin.local ] || need+=(krb5-admin-server)
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapadd >/dev/null 2>&1 || need+=(ldap-utils)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v faketime >/dev/null 2>&1 || need+=(faketime)
# Mail alerts: an SMTP server with STARTTLS (aiosmtpd), run by Debian's own /usr/bin/python3.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
# TLS: a real scanner reads the protocols and the cipher order the server offers.
command -v sslscan >/dev/null 2>&1 || need+=(sslscan)

ops/scripts/install-packages.sh ${need[@]+"${need[@]}"}

# npm ci installs exactly what the lock file names; it runs again only when the lock changed.
browser=ops/browser-tests
if ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.package-lock.json.installed"; then
  npm ci --prefix "$browser" --no-audit --no-fund --ignore-scripts >/dev/null
  cp "$browser/package-lock.json" "$browser/node_modules/.package-lock.json.installed"
fi
