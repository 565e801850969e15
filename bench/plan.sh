#!/usr/bin/env bash
# Planner benchmark: how long `lakemon probe --plan` takes for a full matrix of N RSEs × 3 protocols (root, https,
# davs) with 2 file sizes — storage checks and every ordered TPC link × mode. Issue 4's target: 100 RSEs plan in
# under a second. There is no anchor tool for planning; the ratio printed is target / measured (> 1 = within target).
#
#   bench/plan.sh [--rses 100] [--repeat 5]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rses=100 repeat=5
while [ $# -gt 0 ]; do
  case "$1" in
    --rses) rses=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: bench/plan.sh [--rses N] [--repeat N]" >&2; exit 2 ;;
  esac
done
"$here/lakemon" --help >/dev/null
lakemon() { dotnet "$here/artifacts/lakemon/lakemon.dll" "$@"; }

work=$(mktemp -d /tmp/lakemon-bench-plan.XXXXXX)
trap 'rm -rf "$work"' EXIT
config="$work/lakemon.yaml"
{
  echo "sites:"
  for i in $(seq 0 $((rses - 1))); do echo "  - name: SITE-$i"; done
  echo "rses:"
  for i in $(seq 0 $((rses - 1))); do
    port=$((20000 + i))
    cat <<YAML
  - name: RSE-$i
    site: SITE-$i
    protocols:
      - { scheme: root, prefix: "root://127.0.0.1:$port//lake" }
      - { scheme: https, prefix: "https://127.0.0.1:$port/lake" }
      - { scheme: davs, prefix: "davs://127.0.0.1:$port/lake" }
YAML
  done
} > "$config"

times=() internal=()
for _ in $(seq "$repeat"); do
  start=$(date +%s.%N)
  lakemon probe --plan --config "$config" > "$work/plan.txt" 2> "$work/err.txt"
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
  internal+=("$(grep -o 'planned in [0-9.]* s' "$work/err.txt" | grep -o '[0-9.]*')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
checks=$(wc -l < "$work/plan.txt")
t=$(median "${times[@]}") p=$(median "${internal[@]}")
printf 'plan %d RSEs x 3 protocols x 2 sizes: %d checks | planner %.3f s, whole command %.3f s (config load, process start) | target 1.000 s | ratio %.2f\n' \
  "$rses" "$checks" "$p" "$t" "$(echo "1 / $p" | bc -l)"
