#!/usr/bin/env bash
# Collector ingest benchmark (issue 5): N results (default 1M) POSTed to a running `lakemon collector` through the
# results API (POST /api/v1/results, batches of --batch, --parallel requests at a time) into its SQLite store and its
# metrics; then the collector's RSS with all of them stored and the time of one /metrics scrape. The target of issue 5
# is >= 100 000 results/s; the ratio printed is measured / target (> 1 = within target). bench/store.sh measures the
# store alone against sqlite3's and psql's bulk loaders.
#
#   bench/ingest.sh [--results 1000000] [--batch 5000] [--parallel 4] [--warmup 100000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results=1000000 batch=5000 parallel=4 warmup=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --results) results=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    *) echo "usage: bench/ingest.sh [--results N] [--batch N] [--parallel N] [--warmup N]" >&2; exit 2 ;;
  esac
done
"$here/lakemon" --help >/dev/null
work=$(mktemp -d /tmp/lakemon-bench-ingest.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

awk -v n="$results" -f "$here/bench/lib/results.awk" > "$work/results.jsonl"
mkdir "$work/batches"
split -l "$batch" -d -a 6 "$work/results.jsonl" "$work/batches/b"
for f in "$work"/batches/b*; do sed -i '1s/^/[/; $!s/$/,/; $s/$/]/' "$f"; done
rm "$work/results.jsonl"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export LAKEMON_BENCH_TOKEN="bench-$RANDOM$RANDOM"
cat > "$work/collector.yaml" <<YAML
sites:
  - name: SITE-0
rses:
  - name: RSE-0
    site: SITE-0
    protocols:
      - scheme: file
        prefix: file://$work/rse
collector:
  listen: 127.0.0.1:$port
  token_env: LAKEMON_BENCH_TOKEN
store:
  sqlite:
    path: ./collector.db
YAML
dotnet "$here/artifacts/lakemon/lakemon.dll" collector --config "$work/collector.yaml" 2> "$work/collector.log" &
pid=$!
for _ in $(seq 300); do grep -q "listening on" "$work/collector.log" && break; sleep 0.1; done
grep -q "listening on" "$work/collector.log" || { cat "$work/collector.log" >&2; exit 1; }
url="http://127.0.0.1:$port"

# Steady state: a collector runs for weeks, so the JIT's first compilations and tier-ups (~10 % of the CPU of a cold
# 1M ingest) are spent on a warm-up of --warmup results (same shape, other ids) that is not timed.
if [ "$warmup" -gt 0 ]; then
  awk -v n="$warmup" -v first="$results" -f "$here/bench/lib/results.awk" > "$work/warmup.jsonl"
  mkdir "$work/warmup"
  split -l "$batch" -d -a 6 "$work/warmup.jsonl" "$work/warmup/w"
  for f in "$work"/warmup/w*; do sed -i '1s/^/[/; $!s/$/,/; $s/$/]/' "$f"; done
  ls "$work"/warmup/w* | xargs -P "$parallel" -I{} curl -s -o /dev/null -H "Authorization: Bearer $LAKEMON_BENCH_TOKEN" \
    -H "Content-Type: application/json" --data-binary @{} "$url/api/v1/results"
  rm -r "$work/warmup" "$work/warmup.jsonl"
fi

# CPU the collector spent (user + system, clock ticks) — a figure other load on the machine disturbs less than the rate.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
cpu0=$(cpu_ticks)
start=$(date +%s.%N)
ls "$work"/batches/b* | xargs -P "$parallel" -I{} curl -s -o /dev/null -w "%{http_code}\n" \
  -H "Authorization: Bearer $LAKEMON_BENCH_TOKEN" -H "Content-Type: application/json" --data-binary @{} "$url/api/v1/results" \
  > "$work/codes.txt"
end=$(date +%s.%N)
cpu1=$(cpu_ticks)
bad=$(grep -vc '^200$' "$work/codes.txt" || true)
[ "$bad" -eq 0 ] || { echo "ingest: $bad requests were not answered 200" >&2; sort "$work/codes.txt" | uniq -c >&2; exit 1; }
elapsed=$(echo "$end - $start" | bc -l)
rate=$(echo "$results / $elapsed" | bc -l)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status") hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
scrape=$(curl -s -o "$work/metrics.txt" -w "%{time_total}" "$url/metrics")
series=$(grep -c '^lakemon_' "$work/metrics.txt")

printf 'ingest %d results over HTTP (batches of %d, %d in parallel): %.2f s, %.0f results/s | target 100000 results/s | ratio %.2f\n' \
  "$results" "$batch" "$parallel" "$elapsed" "$rate" "$(echo "$rate / 100000" | bc -l)"
cpu=$(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc -l)
printf 'collector CPU during the ingest: %.2f s (%.1f us per result; %.0f%% of one core)\n' "$cpu" "$(echo "$cpu * 1000000 / $results" | bc -l)" "$(echo "$cpu * 100 / $elapsed" | bc -l)"
printf 'collector RSS with %d results stored: %.0f MB now, %.0f MB peak\n' "$results" "$(echo "$rss / 1024" | bc -l)" "$(echo "$hwm / 1024" | bc -l)"
printf '/metrics after the ingest: %d samples in %.3f s\n' "$series" "$scrape"
