#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh machine: Debian's Chromium (Playwright
# cannot download its own here), Thai fonts, nginx, and, when DATABASE_URL points at a local
# PostgreSQL, the server and the database itself. Safe to run again.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "need root for: $*" >&2; return 1; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-env: installing Chromium from Debian packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-thai-tlwg >/dev/null
fi

# tests/cluster runs the production layout: nginx in front (openssl makes its certificate).
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "ensure-env: installing nginx from Debian packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nginx openssl >/dev/null
fi

if [ -n "${DATABASE_URL:-}" ]; then
  host=$(node -e 'const u=new URL(process.env.DATABASE_URL);console.log(u.hostname)')
  db=$(node -e 'const u=new URL(process.env.DATABASE_URL);console.log(decodeURIComponent(u.pathname.slice(1)))')
  admin_url=$(node -e 'const u=new URL(process.env.DATABASE_URL);u.pathname="/postgres";console.log(u.toString())')
  if [[ "$host" == "127.0.0.1" || "$host" == "localhost" ]]; then
    if ! pg_isready -q -h "$host" 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
      echo "ensure-env: starting PostgreSQL"
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
      for _ in $(seq 1 30); do pg_isready -q -h "$host" && break; sleep 1; done
    fi
    if ! psql "$admin_url" -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
      echo "ensure-env: creating database $db"
      psql "$admin_url" -qc "create database \"$db\""
    fi
  fi
  echo "ensure-env: tests run against PostgreSQL ($(psql "$DATABASE_URL" -tAc 'show server_version'), database $db)"
else
  echo "ensure-env: DATABASE_URL is unset: tests run against embedded PGlite"
fi
