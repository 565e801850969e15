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
#   bench/sla.sh [--checks 100] [--days 365] [--repeat 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checks=100 days=365 repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --checks) checks=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: bench/sla.sh [--checks N] [--days N] [--repeat N]" >&2; exit 2 ;;
  esac
done
[ $((checks % 2)) -eq 0 ] || { echo "--checks must be even (RSEs x 2 protocols)" >&2; exit 2; }
# shellcheck source=lake/prerequisites.sh
. "$here/lake/prerequisites.sh"
lakemon_ensure_packages sqlite3 time
"$here/lakemon" --help >/dev/null

work=$(mktemp -d /tmp/lakemon-bench-sla.XXXXXX)
trap 'rm -rf "$work"' EXIT
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
times=() rss=() anchors=()
for ((n = 0; n < repeat; n++)); do
  set +e
  /usr/bin/time -f '%M %e' -o "$work/sla.time" dotnet "$here/artifacts/lakemon/lakemon.dll" sla --from 2025-06-01 --to 2025-06-30 \
    --config "$work/lakemon.yaml" --format json --output "$work/sla.json" 2> "$work/sla.err"
  code=$?
  set -e
  [ "$code" -le 1 ] || { cat "$work/sla.err" >&2; exit 1; }
  read -r rss_kb elapsed < <(tail -1 "$work/sla.time")
  times+=("$elapsed") rss+=("$((rss_kb / 1024))")
  start=$(date +%s.%N)
  sqlite3 "$db" "SELECT started_at, rse, site, src_rse, dst_rse, protocol, operation, tpc_mode, size_bytes, status FROM results INDEXED BY results_sla
                 WHERE started_at >= 1748735400000 AND started_at < 1751328000000 ORDER BY started_at" > /dev/null
  anchors+=("$(echo "$(date +%s.%N) - $start" | bc -l)")
done
rows=$(sqlite3 "$db" 'SELECT count(*) FROM results WHERE started_at >= 1748735400000 AND started_at < 1751328000000')
checked=$(grep -c '"rse": "RSE-' "$work/sla.json" || true)
t=$(median "${times[@]}") m=$(median "${rss[@]}") a=$(median "${anchors[@]}")
printf 'sla one month (June 2025, %d RSEs, %d sites, %d results read of %d stored): %.2f s, peak RSS %d MB | target 3.00 s | ratio %.2f | sqlite3 reading the same rows %.2f s (lakemon / sqlite3 %.2f) | median of %d\n' \
  "$checked" "$rses" "$rows" "$stored" "$t" "$m" "$(echo "3 / $t" | bc -l)" "$a" "$(echo "$t / $a" | bc -l)" "$repeat"
