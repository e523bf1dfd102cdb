#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, from Debian's package, listening on 127.0.0.1 only.
#   .ci/postgres.sh start DIR   creates a cluster in DIR, starts it on a free port, prints its JDBC URL
#   .ci/postgres.sh stop DIR    stops it
# Exits 3 when the server binaries are not installed (apt-get install postgresql), so that callers can skip.
# As root (CI), the server runs as the package's 'postgres' user: PostgreSQL refuses to run as root.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 3
fi
as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(runuser -u postgres --)
fi
case "$cmd" in
  start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U tuner --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: ask the kernel for one, then start there (retry a few times in case another process took it).
    for attempt in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 30000)))
      if "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >"$dir/pg_ctl.log" 2>&1; then
        "${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U tuner tuner
        echo "$port" >"$dir/port"
        echo "jdbc:postgresql://127.0.0.1:$port/tuner?user=tuner"
        exit 0
      fi
    done
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
