#!/usr/bin/env bash
# Load engine benchmark (issue 9): requests/s and latency percentiles the engine's closed model (KeepConstant, one
# copy per connection) sustains against a trivial local HTTP endpoint (nginx-light, one worker, `return 200`), and
# the anchor wrk (-t1, same connection count, same endpoint) in the same run, alternating who goes first.
# Ratios: engine rps / wrk rps (target ≥ 0.8), engine pXX / wrk pXX (agreement within 10 % means 0.9–1.1).
#
#   bench/load.sh [--connections 16] [--seconds 10] [--repeat 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
connections=16 seconds=10 repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: bench/load.sh [--connections N] [--seconds N] [--repeat N]" >&2; exit 2 ;;
  esac
done
# shellcheck source=lake/prerequisites.sh
. "$here/lake/prerequisites.sh"
lakemon_ensure_dotnet && lakemon_ensure_packages wrk nginx-light || exit 2

work=$(mktemp -d /tmp/lakemon-bench-load.XXXXXX)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! dotnet build "$here/bench/Lakemon.Bench.Load/Lakemon.Bench.Load.csproj" -c Release --nologo -v q -o "$work/host" >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  exit 2
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$port;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
url="http://127.0.0.1:$port/"
for _ in $(seq 50); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
curl -sf -o /dev/null "$url" || { cat "$work/nginx/logs/error.log" >&2; exit 2; }

# wrk prints latencies as 1.23us / 1.23ms / 1.23s; convert to ms.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
run_wrk() {
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url" >"$work/wrk.out"
  local rps p50 p75 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.out")")
  p75=$(to_ms "$(awk '$1 == "75%" { print $2 }' "$work/wrk.out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.out")")
  echo "rps=$rps p50_ms=$p50 p75_ms=$p75 p99_ms=$p99"
}
run_engine() { dotnet "$work/host/Lakemon.Bench.Load.dll" "$url" "$connections" "$seconds"; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

wrk -t1 -c"$connections" -d2s "$url" >/dev/null # warm nginx
engine_rps=() wrk_rps=() e50=() w50=() e75=() w75=() e99=() w99=()
for i in $(seq "$repeat"); do
  if [ $((i % 2)) -eq 1 ]; then e=$(run_engine); w=$(run_wrk); else w=$(run_wrk); e=$(run_engine); fi
  echo "run $i: engine $e | wrk $w" >&2
  engine_rps+=("$(field "$e" rps)") wrk_rps+=("$(field "$w" rps)")
  e50+=("$(field "$e" p50_ms)") w50+=("$(field "$w" p50_ms)")
  e75+=("$(field "$e" p75_ms)") w75+=("$(field "$w" p75_ms)")
  e99+=("$(field "$e" p99_ms)") w99+=("$(field "$w" p99_ms)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
report() { # label unit engine anchor
  awk -v l="$1" -v u="$2" -v e="$3" -v a="$4" 'BEGIN { printf "%-34s lakemon %10.3f %-5s wrk %10.3f %-5s ratio %.2f\n", l, e, u, a, u, (a > 0 ? e / a : 0) }'
}
echo "load engine vs wrk: GET $url, $connections connections, ${seconds}s × $repeat (medians)"
report "requests/s (target ratio ≥ 0.8)" "req/s" "$(median "${engine_rps[@]}")" "$(median "${wrk_rps[@]}")"
report "p50 latency (0.9–1.1 = within 10%)" "ms" "$(median "${e50[@]}")" "$(median "${w50[@]}")"
report "p75 latency" "ms" "$(median "${e75[@]}")" "$(median "${w75[@]}")"
report "p99 latency" "ms" "$(median "${e99[@]}")" "$(median "${w99[@]}")"
