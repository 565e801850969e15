#!/usr/bin/env bash
# /metrics scrape benchmark (issue 5): how long one scrape of lakemon's Prometheus endpoint takes for an N-RSE matrix
# — N RSEs × 3 protocols × 6 lifecycle operations of storage checks plus N×(N−1) links × 3 TPC modes, one result each
# (90 % OK, the rest WARNING/CRITICAL/UNKNOWN). Anchor, measured in the same run: curl fetching /anchor from the same
# Kestrel, a static file holding the very bytes of one text scrape (Results.File). Both are fetched with curl over
# loopback, interleaved; the ratio (lakemon / anchor) is what producing the exposition costs over merely sending it.
#
#   bench/metrics.sh [--rses 100] [--repeat 10]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rses=100 repeat=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rses) rses=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: bench/metrics.sh [--rses N] [--repeat N]" >&2; exit 2 ;;
  esac
done
# shellcheck source=lake/prerequisites.sh
. "$here/lake/prerequisites.sh"
lakemon_ensure_dotnet && lakemon_ensure_packages curl || exit 2

work=$(mktemp -d /tmp/lakemon-bench-metrics.XXXXXX)
host_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$host_pid" ]; then
    kill "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

project="$here/bench/Lakemon.Bench.Metrics/Lakemon.Bench.Metrics.csproj"
if ! dotnet build "$project" -c Release --nologo -v q -o "$work/host" >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  exit 2
fi

# The host runs until its stdin closes: hold a fifo open on fd 3 and close it at exit.
mkfifo "$work/stdin"
dotnet "$work/host/Lakemon.Bench.Metrics.dll" "$rses" "$work/anchor.txt" <"$work/stdin" >"$work/host.out" 2>"$work/host.err" &
host_pid=$!
exec 3>"$work/stdin"
for _ in $(seq 600); do
  grep -q '^url=' "$work/host.out" && break
  kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.err" >&2; exit 2; }
  sleep 0.2
done
read -r info <"$work/host.out"
field() { echo "$info" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
url=$(field url)

openmetrics='application/openmetrics-text; version=1.0.0'
fetch() { # path [accept] → seconds
  curl -sf -o /dev/null -H "Accept: ${2:-text/plain}" -w '%{time_total}\n' "$url$1"
}
for _ in 1 2; do fetch /metrics >/dev/null; fetch /anchor >/dev/null; fetch /metrics "$openmetrics" >/dev/null; done
text=() anchor=() om=()
for _ in $(seq "$repeat"); do
  text+=("$(fetch /metrics)")
  anchor+=("$(fetch /anchor)")
  om+=("$(fetch /metrics "$openmetrics")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t=$(median "${text[@]}") a=$(median "${anchor[@]}") o=$(median "${om[@]}")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$host_pid/status")

printf 'metrics %d RSEs: %d storage checks, %d transfer links, %d samples, %.1f MB per text scrape, host RSS %.0f MB\n' \
  "$rses" "$(field storage_checks)" "$(field transfer_links)" "$(field samples)" "$(echo "$(field bytes) / 1000000" | bc -l)" \
  "$(echo "$rss / 1024" | bc -l)"
printf 'scrape /metrics text 0.0.4: %.1f ms | anchor curl static file, same bytes, same Kestrel: %.1f ms | ratio %.2f\n' \
  "$(echo "$t * 1000" | bc -l)" "$(echo "$a * 1000" | bc -l)" "$(echo "$t / $a" | bc -l)"
printf 'scrape /metrics OpenMetrics (what Prometheus asks for): %.1f ms | anchor %.1f ms | ratio %.2f\n' \
  "$(echo "$o * 1000" | bc -l)" "$(echo "$a * 1000" | bc -l)" "$(echo "$o / $a" | bc -l)"
