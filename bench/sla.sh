#!/usr/bin/env bash
# SLA benchmark: `lakemon sla` for one month over a store holding a year of 5-minute results for N RSE x protocol
# checks (default 100: 50 RSEs x root/https, one read per check every 5 minutes: 105 120 results per check, 10.5M in
# all). Prints the wall time of the whole command (process start, config, store read, computation, JSON written) and
# its peak RSS, against issue 6's target of 3 s (ratio = target / measured, > 1 = within target), and, as the floor of
# the store read, sqlite3 selecting the same month's status columns through the same index.
#
# The store is created by lakemon itself (its schema and indexes), then filled by sqlite3 in one statement with the
# indexes dropped and rebuilt afterwards: generating 10M results through the import path would take longer than the
# benchmark. Statuses: mostly OK, a CRITICAL every 50th and an UNKNOWN every 97th result of a check.
#
# --postgres also fills a throwaway PostgreSQL cluster (the Debian package, a free loopback port) with the same rows by
# generate_series and times the same report over it, against psql reading the same status columns.
#
#   bench/sla.sh [--checks 100] [--days 365] [--repeat 3] [--postgres]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checks=100 days=365 repeat=3 postgres=0
while [ $# -gt 0 ]; do
  case "$1" in
    --checks) checks=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --postgres) postgres=1; shift ;;
    *) echo "usage: bench/sla.sh [--checks N] [--days N] [--repeat N] [--postgres]" >&2; exit 2 ;;
  esac
done
[ $((checks % 2)) -eq 0 ] || { echo "--checks must be even (RSEs x 2 protocols)" >&2; exit 2; }
# shellcheck source=lake/prerequisites.sh
. "$here/lake/prerequisites.sh"
lakemon_ensure_packages sqlite3 time postgresql
"$here/lakemon" --help >/dev/null

work=$(mktemp -d /tmp/lakemon-bench-sla.XXXXXX)
chmod 755 "$work"
pg_pid=""
cleanup() {
  if [ -n "$pg_pid" ] && kill -INT "$pg_pid" 2>/dev/null; then
    for _ in $(seq 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
rses=$((checks / 2))
{
  echo "sites:"
  for ((r = 0; r < rses; r++)); do printf '  - name: SITE-%02d\n' "$r"; done
  echo "rses:"
  for ((r = 0; r < rses; r++)); do
    printf '  - name: RSE-%02d\n    site: SITE-%02d\n    protocols:\n' "$r" "$r"
    printf '      - scheme: root\n        prefix: root://127.0.0.1:%d//lake\n' $((20000 + r))
    printf '      - scheme: https\n        prefix: https://127.0.0.1:%d/lake\n' $((20000 + r))
  done
  printf 'schedules:\n  storage: "*/5 * * * *"\nstore:\n  sqlite:\n    path: results.db\n'
} > "$work/lakemon.yaml"

# The year 2025; the report is June (30 days).
start_ms=1735689600000
slots=$((days * 288))
echo '{"id":"seed","run_id":"seed","kind":"adhoc","operation":"stat","rse":"RSE-00","site":"SITE-00","protocol":"root","started_at":"2024-12-01T00:00:00.000Z","duration_seconds":0.1,"status":"OK"}' > "$work/seed.jsonl"
dotnet "$here/artifacts/lakemon/lakemon.dll" results import "$work/seed.jsonl" --config "$work/lakemon.yaml" > /dev/null 2>&1
db="$work/results.db"
sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL" > "$work/indexes.sql"
fill_start=$(date +%s.%N)
sqlite3 "$db" > /dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
$(sed -n 's/^CREATE INDEX \(IF NOT EXISTS \)\{0,1\}\([a-z_]*\) .*/DROP INDEX \2;/p' "$work/indexes.sql")
WITH RECURSIVE slot(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM slot WHERE i < $slots - 1),
     chk(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM chk WHERE k < $checks - 1),
     r AS (SELECT i, k, $start_ms + i * 300000 + k * 1000 AS at, printf('RSE-%02d', k / 2) AS rse, printf('SITE-%02d', k / 2) AS site,
                  CASE k % 2 WHEN 0 THEN 'root' ELSE 'https' END AS protocol,
                  CASE WHEN (i + k) % 50 = 0 THEN 'CRITICAL' WHEN (i + 3 * k) % 97 = 0 THEN 'UNKNOWN' ELSE 'OK' END AS status
           FROM slot, chk)
INSERT INTO results (id, started_at, operation, kind, rse, site, json, protocol, size_bytes, status)
SELECT printf('bench-%d-%d', k, i), at, 'read', 'scheduled', rse, site,
       printf('{"id":"bench-%d-%d","run_id":"bench","kind":"scheduled","operation":"read","rse":"%s","site":"%s","protocol":"%s","size_bytes":1024,"started_at":"%s","duration_seconds":0.1,"phases":{"connect":0.01,"transfer":0.09},"bytes":1024,"status":"%s"%s}',
              k, i, rse, site, protocol, strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch'), status,
              CASE status WHEN 'OK' THEN '' WHEN 'CRITICAL' THEN ',"failure_kind":"connect","message":"connection refused"' ELSE ',"failure_kind":"probe_error"' END),
       protocol, 1024, status
FROM r;
$(cat "$work/indexes.sql")
PRAGMA wal_checkpoint(TRUNCATE);
SQL
fill_s=$(echo "$(date +%s.%N) - $fill_start" | bc -l)
stored=$(sqlite3 "$db" 'SELECT count(*) FROM results')
printf 'store: %d results (%d checks x %d days of 5-minute results), %.0f MB, filled in %.0f s\n' \
  "$stored" "$checks" "$days" "$(echo "$(stat -c %s "$db") / 1048576" | bc -l)" "$fill_s"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_report NAME CONFIG ANCHOR_NAME ANCHOR_COMMAND...: runs `lakemon sla` and the anchor $repeat times each, prints one line.
time_report() {
  local name=$1 config=$2 anchor_name=$3; shift 3
  local times=() rss=() anchors=() code rss_kb elapsed start
  for ((n = 0; n < repeat; n++)); do
    set +e
    /usr/bin/time -f '%M %e' -o "$work/sla.time" dotnet "$here/artifacts/lakemon/lakemon.dll" sla --from 2025-06-01 --to 2025-06-30 \
      --config "$config" --format json --output "$work/sla.json" 2> "$work/sla.err"
    code=$?
    set -e
    [ "$code" -le 1 ] || { cat "$work/sla.err" >&2; exit 1; }
    read -r rss_kb elapsed < <(tail -1 "$work/sla.time")
    times+=("$elapsed") rss+=("$((rss_kb / 1024))")
    start=$(date +%s.%N)
    "$@" > /dev/null
    anchors+=("$(echo "$(date +%s.%N) - $start" | bc -l)")
  done
  local checked t m a
  checked=$(grep -c '"rse": "RSE-' "$work/sla.json" || true)
  t=$(median "${times[@]}") m=$(median "${rss[@]}") a=$(median "${anchors[@]}")
  printf '%-8s sla one month (June 2025, %d RSEs, %d sites, %d results read of %d stored): %.2f s, peak RSS %d MB | target 3.00 s | ratio %.2f | %s reading the same rows %.2f s (lakemon / anchor %.2f) | median of %d\n' \
    "$name" "$checked" "$rses" "$rows" "$stored" "$t" "$m" "$(echo "3 / $t" | bc -l)" "$anchor_name" "$a" "$(echo "$t / $a" | bc -l)" "$repeat"
}
# June 2025 plus the freshness look-back (10 min before 1 June).
since_ms=1748735400000 until_ms=1751328000000
rows=$(sqlite3 "$db" "SELECT count(*) FROM results WHERE started_at >= $since_ms AND started_at < $until_ms")
time_report sqlite "$work/lakemon.yaml" sqlite3 sqlite3 "$db" "SELECT started_at, rse, site, src_rse, dst_rse, protocol, operation, tpc_mode, size_bytes, status
  FROM results INDEXED BY results_sla_monitoring WHERE started_at >= $since_ms AND started_at < $until_ms AND kind <> 'challenge' ORDER BY started_at"

[ "$postgres" -eq 1 ] || exit 0
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$work/pg/data" "$work/pg/run"
chmod 700 "$work/pg/data"
[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$work/pg"
as_pg "$bin/initdb" -D "$work/pg/data" -U lakemon --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
port=55432
while ss -Hltn "sport = :$port" | grep -q .; do port=$((port + 1)); done
as_pg "$bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/run/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$work/pg/run -c shared_buffers=512MB -c maintenance_work_mem=512MB" start > /dev/null
pg_pid=$(head -1 "$work/pg/data/postmaster.pid")
export LAKEMON_BENCH_PG="Host=127.0.0.1;Port=$port;Username=lakemon;Database=postgres"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "host=127.0.0.1 port=$port user=lakemon dbname=postgres" "$@"; }
sed '/^schedules:/,$d' "$work/lakemon.yaml" > "$work/pg.yaml"
printf 'schedules:\n  storage: "*/5 * * * *"\nstore:\n  postgres:\n    connection_env: LAKEMON_BENCH_PG\n' >> "$work/pg.yaml"
dotnet "$here/artifacts/lakemon/lakemon.dll" results import "$work/seed.jsonl" --config "$work/pg.yaml" > /dev/null 2>&1
psql_ -At -c "SELECT indexdef || ';' FROM pg_indexes WHERE tablename = 'lakemon_results' AND indexname <> 'lakemon_results_pkey'" > "$work/pg-indexes.sql"
fill_start=$(date +%s.%N)
psql_ <<SQL
$(sed -n 's/^CREATE INDEX \([a-z_]*\) .*/DROP INDEX \1;/p' "$work/pg-indexes.sql")
ALTER TABLE lakemon_results DROP CONSTRAINT lakemon_results_pkey;
INSERT INTO lakemon_results (id, started_at, operation, kind, rse, site, result, protocol, size_bytes, status)
SELECT 'bench-' || k || '-' || i, to_timestamp(($start_ms + i::bigint * 300000 + k * 1000) / 1000.0), 'read', 'scheduled',
       'RSE-' || lpad((k / 2)::text, 2, '0'), 'SITE-' || lpad((k / 2)::text, 2, '0'),
       json_build_object('id', 'bench-' || k || '-' || i, 'run_id', 'bench', 'kind', 'scheduled', 'operation', 'read', 'rse', 'RSE-' || lpad((k / 2)::text, 2, '0'),
                         'protocol', CASE k % 2 WHEN 0 THEN 'root' ELSE 'https' END, 'size_bytes', 1024, 'duration_seconds', 0.1, 'status', s.status),
       CASE k % 2 WHEN 0 THEN 'root' ELSE 'https' END, 1024, s.status
FROM generate_series(0, $slots - 1) AS i, generate_series(0, $checks - 1) AS k,
     LATERAL (SELECT CASE WHEN (i + k) % 50 = 0 THEN 'CRITICAL' WHEN (i + 3 * k) % 97 = 0 THEN 'UNKNOWN' ELSE 'OK' END AS status) AS s
ORDER BY i, k;
ALTER TABLE lakemon_results ADD PRIMARY KEY (id);
$(cat "$work/pg-indexes.sql")
VACUUM ANALYZE lakemon_results;
SQL
pg_fill_s=$(echo "$(date +%s.%N) - $fill_start" | bc -l)
stored=$(psql_ -At -c 'SELECT count(*) FROM lakemon_results')
printf 'postgres store: %d results, filled in %.0f s\n' "$stored" "$pg_fill_s"
time_report postgres "$work/pg.yaml" psql psql_ -c "COPY (SELECT started_at, rse, site, src_rse, dst_rse, protocol, operation, tpc_mode, size_bytes, status
  FROM lakemon_results WHERE started_at >= to_timestamp($since_ms / 1000.0) AND started_at < to_timestamp($until_ms / 1000.0) ORDER BY started_at) TO STDOUT"
