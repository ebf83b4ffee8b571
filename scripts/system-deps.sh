#!/usr/bin/env bash
# Installs (when missing) and starts what the tests need from Debian packages:
#  - chromium, for the browser tests (Playwright drives the system Chromium; no browser download)
#  - postgresql, started as a throw-away cluster on a local port as an unprivileged user
# Writes .test-env with the variables the test run reads.
set -euo pipefail
cd "$(dirname "$0")/.."
: > .test-env

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ "${#need[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
        sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "system-deps: missing ${need[*]} and not root: those tests will fail" >&2
    fi
fi
if command -v chromium >/dev/null 2>&1; then
    echo "export EVENTWIRE_CHROMIUM=$(command -v chromium)" >> .test-env
fi

# PostgreSQL: a cluster in a temporary folder, owned by an unprivileged user, on port 55432.
if initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1) && [ -n "$initdb" ]; then
    bindir=$(dirname "$initdb")
    port=${EVENTWIRE_PG_PORT:-55432}
    pgdir=${EVENTWIRE_PG_DIR:-/tmp/eventwire-pg}
    runas=()
    if [ "$(id -u)" -eq 0 ]; then
        id eventwire >/dev/null 2>&1 || useradd --system --no-create-home eventwire
        runas=(runuser -u eventwire --)
    fi
    if ! "$bindir/pg_isready" -h 127.0.0.1 -p "$port" -q 2>/dev/null; then
        rm -rf "$pgdir"; mkdir -p "$pgdir"
        [ "$(id -u)" -eq 0 ] && chown eventwire "$pgdir"
        "${runas[@]}" "$bindir/initdb" -D "$pgdir/data" -U eventwire -A trust -E UTF8 >/dev/null
        "${runas[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
            -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    fi
    echo "export EVENTWIRE_TEST_PG=postgresql+psycopg://eventwire@127.0.0.1:$port/postgres" >> .test-env
fi
echo "system-deps: ready ($(tr '\n' ' ' < .test-env))"
