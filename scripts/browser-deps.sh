#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium (Playwright cannot download browsers here)
# and axe-core from npm. Never fails the build: without them the browser tests skip and say why.
set -u
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser-deps: installing Debian's chromium (about 30 s)…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libharfbuzz-subset0 poppler-utils) >/tmp/openiep-apt.log 2>&1 \
      || echo "browser-deps: could not install chromium (see /tmp/openiep-apt.log); browser tests will skip."
  else
    echo "browser-deps: chromium is missing and this user cannot apt-get install it; browser tests will skip."
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --silent >/tmp/openiep-npm.log 2>&1 \
      || echo "browser-deps: npm ci failed (see /tmp/openiep-npm.log); accessibility scans will skip."
  else
    echo "browser-deps: npm is missing; accessibility scans will skip."
  fi
fi
# pg_dump/pg_restore for `openiep backup` on PostgreSQL (the backup tests on PostgreSQL use them).
if ! command -v pg_dump >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser-deps: installing postgresql-client (pg_dump, pg_restore)…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client) >>/tmp/openiep-apt.log 2>&1 \
      || echo "browser-deps: could not install postgresql-client; PostgreSQL backup tests will skip."
  fi
fi
exit 0
