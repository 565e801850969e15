#!/usr/bin/env bash
# Result store benchmark: insert rate (results/s) of `lakemon results import` into SQLite and PostgreSQL for N generated
# results (default 1M), against the databases' own bulk loaders measured in the same run on the same rows and schema:
# the sqlite3 CLI's .import (through a view whose trigger does the same INSERT ... ON CONFLICT DO NOTHING) and psql's
# \copy (plain COPY into a copy of the table: no conflict check, the fastest path PostgreSQL has). Also prints the
# peak RSS of the import process and of an export of one RSE from the full store. Issue 5's target: >= 100k results/s.
#
# "store" is the time spent in IResultStore.AddAsync (JSON serialization + insert + commit), the figure compared with
# the anchors; "command" is the whole import (every line parsed twice: checked first, then imported).
#
#   bench/store.sh [--results 1000000] [--batch-size 10000] [--skip-postgres]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results=1000000 batch=10000 postgres=1
while [ $# -gt 0 ]; do
  case "$1" in
    --results) results=$2; shift 2 ;;
    --batch-size) batch=$2; shift 2 ;;
    --skip-postgres) postgres=0; shift ;;
    *) echo "usage: bench/store.sh [--results N] [--batch-size N] [--skip-postgres]" >&2; exit 2 ;;
  esac
done
# shellcheck source=lake/prerequisites.sh
. "$here/lake/prerequisites.sh"
lakemon_ensure_packages sqlite3 postgresql time
"$here/lakemon" --help >/dev/null

work=$(mktemp -d /tmp/lakemon-bench-store.XXXXXX)
chmod 755 "$work"
pg_pid=""
cleanup() {
  if [ -n "$pg_pid" ] && kill -INT "$pg_pid" 2>/dev/null; then
    for _ in $(seq 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Storage results on 100 RSEs (six lifecycle operations) and one transfer in ten, 10 per second of simulated time.
# Ids are laid out like the probes' UUIDv7 ids (48-bit Unix milliseconds, then random bits), so the unique index on id
# grows at its end as it does in production; fully random ids would make every batch touch every index page.
awk -v n="$results" -f "$here/bench/lib/results.awk" > "$work/results.jsonl"
columns="id, started_at, operation, kind, rse, src_rse, dst_rse, site, src_site, dst_site"

# import_into NAME ARGS...: runs the import, sets store_s, command_s, rss_mb.
import_into() {
  local name=$1; shift
  /usr/bin/time -f '%M %e' -o "$work/$name.time" \
    dotnet "$here/artifacts/lakemon/lakemon.dll" results import "$work/results.jsonl" --batch-size "$batch" "$@" \
    > /dev/null 2> "$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
  store_s=$(sed -n 's/.*store time \([0-9.]*\) s.*/\1/p' "$work/$name.err")
  read -r rss_kb command_s < "$work/$name.time"
  rss_mb=$((rss_kb / 1024))
}
# export_rse NAME ARGS...: exports one RSE from the full store, sets export_s, export_rss_mb, exported.
export_rse() {
  local name=$1; shift
  /usr/bin/time -f '%M %e' -o "$work/$name-export.time" dotnet "$here/artifacts/lakemon/lakemon.dll" results export --rse RSE-42 "$@" > "$work/$name-export.jsonl" 2>/dev/null
  read -r rss_kb export_s < "$work/$name-export.time"
  export_rss_mb=$((rss_kb / 1024)) exported=$(wc -l < "$work/$name-export.jsonl")
}
rate() { echo "$1 / $2" | bc -l; }
report() { # STORE STORE_S COMMAND_S ANCHOR_NAME ANCHOR_S RSS_MB
  printf '%-8s insert %d results: store %.2f s = %.0f results/s | whole import command %.2f s = %.0f results/s | anchor %s %.2f s = %.0f results/s | ratio %.2f | target 100000 results/s: %s\n' \
    "$1" "$results" "$2" "$(rate "$results" "$2")" "$3" "$(rate "$results" "$3")" "$4" "$5" "$(rate "$results" "$5")" \
    "$(echo "$5 / $2" | bc -l)" "$(echo "$results / $2 >= 100000" | bc -l | sed 's/1/met/; s/0/missed/')"
  printf '%-8s RSS of the import process: %d MB peak | export of one RSE (%d results) from %d stored: %.2f s, %d MB peak RSS\n' \
    "$1" "$6" "$exported" "$results" "$export_s" "$export_rss_mb"
}

# SQLite: lakemon, then sqlite3 .import of the same rows into a fresh file with lakemon's schema and settings.
mkdir -p "$work/sqlite"
import_into sqlite --dir "$work/sqlite"
sqlite_store=$store_s sqlite_command=$command_s sqlite_rss=$rss_mb
export_rse sqlite --dir "$work/sqlite"
sqlite3 -csv "$work/sqlite/lakemon.db" "SELECT $columns, json FROM results" > "$work/rows.csv"
sqlite3 "$work/sqlite/lakemon.db" .schema > "$work/schema.sql"
sqlite3 "$work/anchor.db" < "$work/schema.sql"
start=$(date +%s.%N)
sqlite3 "$work/anchor.db" > /dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
CREATE TEMP VIEW incoming AS SELECT $columns, json FROM results;
CREATE TEMP TRIGGER incoming_insert INSTEAD OF INSERT ON incoming BEGIN
  INSERT INTO results ($columns, json) VALUES (NEW.id, NEW.started_at, NEW.operation, NEW.kind,
    NULLIF(NEW.rse, ''), NULLIF(NEW.src_rse, ''), NULLIF(NEW.dst_rse, ''),
    NULLIF(NEW.site, ''), NULLIF(NEW.src_site, ''), NULLIF(NEW.dst_site, ''), NEW.json) ON CONFLICT (id) DO NOTHING;
END;
.import --csv $work/rows.csv incoming
SQL
anchor_s=$(echo "$(date +%s.%N) - $start" | bc -l)
[ "$(sqlite3 "$work/anchor.db" 'SELECT count(*) FROM results')" -eq "$results" ] || { echo "sqlite3 anchor stored a different count" >&2; exit 1; }
rm -f "$work/anchor.db"* "$work/rows.csv"
report sqlite "$sqlite_store" "$sqlite_command" "sqlite3 .import" "$anchor_s" "$sqlite_rss"

[ "$postgres" -eq 1 ] || exit 0
# PostgreSQL: a throwaway cluster of the Debian package on a free loopback port (as user postgres when root).
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$work/pg/data" "$work/pg/run"
chmod 700 "$work/pg/data"
[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$work/pg"
as_pg "$bin/initdb" -D "$work/pg/data" -U lakemon --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
port=55432
while ss -Hltn "sport = :$port" | grep -q .; do port=$((port + 1)); done
as_pg "$bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/run/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$work/pg/run" start > /dev/null
pg_pid=$(head -1 "$work/pg/data/postmaster.pid")
export LAKEMON_BENCH_PG="Host=127.0.0.1;Port=$port;Username=lakemon;Database=postgres"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "host=127.0.0.1 port=$port user=lakemon dbname=postgres" "$@"; }
cat > "$work/pg.yaml" <<YAML
sites: [{ name: SITE-0 }]
rses: [{ name: RSE-0, site: SITE-0, protocols: [{ scheme: root, prefix: "root://127.0.0.1:1094//lake" }] }]
store:
  postgres: { connection_env: LAKEMON_BENCH_PG }
YAML
import_into postgres --config "$work/pg.yaml"
pg_store=$store_s pg_command=$command_s pg_rss=$rss_mb
export_rse postgres --config "$work/pg.yaml"
psql_ -c "\\copy (SELECT $columns, result FROM lakemon_results) TO '$work/rows.csv' CSV"
psql_ -c "CREATE TABLE anchor (LIKE lakemon_results INCLUDING ALL)"
start=$(date +%s.%N)
psql_ -c "\\copy anchor ($columns, result) FROM '$work/rows.csv' CSV"
anchor_s=$(echo "$(date +%s.%N) - $start" | bc -l)
report postgres "$pg_store" "$pg_command" "psql \\copy" "$anchor_s" "$pg_rss"
