#!/usr/bin/env bash
# Storage benchmark: lakemon's native clients against the anchor tools (xrdcp, curl) in the same run, on a private
# local lake. Prints one line per figure ending in the throughput ratio lakemon/anchor (> 1 = lakemon faster).
#
#   bench/storage.sh [--size-mib 256] [--repeat 3] [--on-disk]
#
# Both sides are timed as whole commands (process start included), the way a user or FTS would run them; the
# "lakemon-internal" column is the transfer time lakemon itself reports (--json duration_seconds), i.e. without
# the .NET process start. Each figure is the median of --repeat runs. Verification is off on both sides
# (xrdcp/curl do not verify by default; lakemon fs cp --no-verify).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib=256 repeat=3 on_disk=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mib) size_mib=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --on-disk) on_disk=1; shift ;;
    *) echo "usage: bench/storage.sh [--size-mib N] [--repeat N] [--on-disk]" >&2; exit 2 ;;
  esac
done
# shellcheck source=../lake/prerequisites.sh
. "$here/lake/prerequisites.sh"
lakemon_prerequisites || exit 2

# The same builds users run through ./lakemon: `lakemon fs` is the ahead-of-time compiled one (artifacts/lakemon-fs),
# everything else the managed Release build.
"$here/lakemon" fs --help >/dev/null
lakemon() {
  if [ "$1" = fs ] && [ -x "$here/artifacts/lakemon-fs/lakemon" ]; then
    "$here/artifacts/lakemon-fs/lakemon" "$@"
  else
    dotnet "$here/artifacts/lakemon/lakemon.dll" "$@"
  fi
}

# The lake and the local files live in RAM (tmpfs) unless --on-disk: this VM's disk write-back made upload times vary
# 3x from run to run for both tools alike, burying the clients' difference under the disk's mood.
work=$(mktemp -d "$([ "$on_disk" = 1 ] && echo /tmp || echo /dev/shm)/lakemon-bench.XXXXXX")
chmod 755 "$work"
cleanup() { lakemon lake down --dir "$work/lake" --wipe >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/lake" && chmod 755 "$work/lake"
lakemon lake up --dir "$work/lake" --rses 2 --base-port 0 --json > "$work/status.json" 2>/dev/null
ports=($(grep -o '"port": [0-9]*' "$work/status.json" | grep -o '[0-9]*'))
a=${ports[0]} b=${ports[1]}
certdir="$work/lake/tls/certdir"
big="$work/big.bin" small="$work/small.bin"
head -c $((size_mib * 1048576)) /dev/urandom > "$big"
head -c 1048576 /dev/urandom > "$small"
big_bytes=$((size_mib * 1048576))

# Seed the sources of downloads and TPCs with xrdcp (the anchor), so both sides read the same files.
xrdcp -s -f "$big" "root://127.0.0.1:$a//lake/bench/big.bin"
xrdcp -s -f "$small" "root://127.0.0.1:$a//lake/bench/small.bin"
curl -sS --fail --capath "$certdir" -X MKCOL "https://127.0.0.1:$b/lake/pull" -o /dev/null || true

now() { date +%s.%N; }
# Before each timed command: earlier copies gone (RAM is finite; a download must not overwrite an old file) and the
# page cache written back (on disk, one tool must not pay for the other's dirty pages).
tidy() {
  rm -f "$work"/down-* "$work"/hdown-* "$work"/lake/rses/*/data/lake/bench/*up-* "$work"/lake/rses/*/data/lake/{tpc,pull,push}/*
  sync
}
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
n=0
# run_pair LABEL BYTES "lakemon args..." "anchor command..." ANCHOR_NAME
run_pair() {
  local label=$1 bytes=$2 lm=$3 anchor=$4 anchor_name=$5 i t0 t1 json
  local lm_times=() lm_inner=() an_times=()
  run_lakemon() {
    tidy
    t0=$(now); json=$(eval "lakemon $lm --json" 2>"$work/err") || { cat "$work/err" >&2; echo "$label: lakemon failed" >&2; exit 1; }; t1=$(now)
    lm_times+=("$(awk -v a="$t1" -v b="$t0" 'BEGIN {print a - b}')")
    lm_inner+=("$(echo "$json" | grep -o '"duration_seconds":[0-9.eE-]*' | cut -d: -f2)")
  }
  run_anchor() {
    tidy
    t0=$(now); eval "$anchor" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; echo "$label: $anchor_name failed" >&2; exit 1; }; t1=$(now)
    an_times+=("$(awk -v a="$t1" -v b="$t0" 'BEGIN {print a - b}')")
  }
  for i in $(seq 1 "$repeat"); do
    n=$((n + 1))
    # Alternate who goes first, and start each command with the page cache written back and no earlier download
    # left to be overwritten: otherwise one tool pays for the other's dirty pages (256 MiB each on this disk).
    if [ $((i % 2)) -eq 1 ]; then run_lakemon; run_anchor; else run_anchor; run_lakemon; fi
  done
  local lm_t an_t inner
  lm_t=$(printf '%s\n' "${lm_times[@]}" | median)
  an_t=$(printf '%s\n' "${an_times[@]}" | median)
  inner=$(printf '%s\n' "${lm_inner[@]}" | median)
  awk -v l="$label" -v b="$bytes" -v lt="$lm_t" -v at="$an_t" -v it="$inner" -v an="$anchor_name" 'BEGIN {
    printf "%-34s lakemon %8.1f MB/s (%7.3f s; lakemon-internal %7.3f s) | %-10s %8.1f MB/s (%7.3f s) | ratio %.2f\n",
      l, b/lt/1e6, lt, it, an, b/at/1e6, at, at/lt }'
}

echo "lakemon storage benchmark: ${size_mib} MiB and 1 MiB files, median of $repeat, lake RSEs on ports $a and $b, files in $work"
A="127.0.0.1:$a" B="127.0.0.1:$b"
run_pair "upload   root:// ${size_mib} MiB" $big_bytes \
  "fs cp --no-verify '$big' root://$A//lake/bench/up-l-\$n" \
  "xrdcp -s -f '$big' root://$A//lake/bench/up-x-\$n" xrdcp
run_pair "download root:// ${size_mib} MiB" $big_bytes \
  "fs cp --no-verify root://$A//lake/bench/big.bin '$work/down-l'" \
  "xrdcp -s -f root://$A//lake/bench/big.bin '$work/down-x'" xrdcp
run_pair "upload   https:// ${size_mib} MiB" $big_bytes \
  "fs cp --no-verify --ca-dir '$certdir' '$big' https://$A/lake/bench/hup-l-\$n" \
  "curl -sS --fail --capath '$certdir' -T '$big' https://$A/lake/bench/hup-c-\$n" curl
run_pair "download https:// ${size_mib} MiB" $big_bytes \
  "fs cp --no-verify --ca-dir '$certdir' https://$A/lake/bench/big.bin '$work/hdown-l'" \
  "curl -sS --fail --capath '$certdir' -o '$work/hdown-c' https://$A/lake/bench/big.bin" curl
for f in small:1048576:1 big:$big_bytes:$size_mib; do
  name=${f%%:*} rest=${f#*:} bytes=${rest%%:*} mib=${rest#*:}
  run_pair "tpc root ${mib} MiB" "$bytes" \
    "fs cp --no-verify --tpc-mode root root://$A//lake/bench/$name.bin root://$B//lake/tpc/l-$name-\$n" \
    "xrdcp -s -f --tpc only root://$A//lake/bench/$name.bin root://$B//lake/tpc/x-$name-\$n" "xrdcp-tpc"
  run_pair "tpc http-pull ${mib} MiB" "$bytes" \
    "fs cp --no-verify --ca-dir '$certdir' --tpc-mode pull https://$A/lake/bench/$name.bin https://$B/lake/pull/l-$name-\$n" \
    "curl -sS --fail --capath '$certdir' -X COPY -H 'Source: https://$A/lake/bench/$name.bin' https://$B/lake/pull/c-$name-\$n" "curl-COPY"
  run_pair "tpc http-push ${mib} MiB" "$bytes" \
    "fs cp --no-verify --ca-dir '$certdir' --tpc-mode push https://$A/lake/bench/$name.bin https://$B/lake/push/l-$name-\$n" \
    "curl -sS --fail --capath '$certdir' -X COPY -H 'Destination: https://$B/lake/push/c-$name-\$n' https://$A/lake/bench/$name.bin" "curl-COPY"
done
