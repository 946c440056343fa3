#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: a new cluster in a temporary folder, listening
# on 127.0.0.1 at a free port, password authentication (scram-sha-256) for TCP connections. While the
# command runs, KAM_SIM_TEST_POSTGRES holds the address of its superuser's database
# (postgres://kam:PASSWORD@127.0.0.1:PORT/postgres), which the store's tests read. The server is
# stopped and its folder removed when the command ends, however it ends; the command's exit status is
# this script's.
#
#   scripts/with-postgres.sh CMD [ARG...]
#
# Uses Debian's PostgreSQL server (installed with apt-get when missing and run as root). As root the
# server runs as the unprivileged user `postgres` (the package creates it), which owns the folder.
set -euo pipefail

[ "$#" -gt 0 ] || { echo "usage: $0 CMD [ARG...]" >&2; exit 2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(pg_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "no PostgreSQL server here: install Debian's postgresql package (apt-get install postgresql)" >&2
        exit 1
    fi
    echo "installing postgresql" >&2
    apt-get update -qq
    # The package's own cluster is not needed: only its programs are used.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bin)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kam-sim-postgres.XXXXXX")
as_server=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$work" --no-create-home postgres
    chown postgres "$work"
    as_server=(runuser -u postgres --)
fi
chmod 700 "$work"

stop() {
    "${as_server[@]}" "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT

password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
"${as_server[@]}" sh -c "umask 077; printf '%s\n' '$password' > '$work/password'"
"${as_server[@]}" "$bin/initdb" -D "$work/data" -U kam --pwfile="$work/password" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-locale >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_server[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -W \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work" start >/dev/null

# Ready when the server accepts connections (polled; a slow machine only waits longer, up to 60 s).
for _ in $(seq 600); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        break
    fi
    sleep 0.1
done
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "the PostgreSQL server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
fi

export KAM_SIM_TEST_POSTGRES="postgres://kam:$password@127.0.0.1:$port/postgres"
export KAM_SIM_TEST_POSTGRES_BIN="$bin"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (folder $work), for: $*" >&2
status=0
"$@" || status=$?
exit "$status"
