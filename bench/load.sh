#!/usr/bin/env bash
# Load engine benchmark (issue 9): requests/s and latency percentiles the engine's closed model (KeepConstant, one
# copy per connection) sustains against a trivial local HTTP endpoint (nginx-light, one worker, `return 200`), and
# the anchor wrk (-t1, same connection count, same endpoint) in the same run, rotating who goes first. The engine runs
# twice: with a step on a minimal keep-alive socket client (what the engine itself costs, as wrk's own client) and
# with a step on .NET's HttpClient (what a realistic step adds).
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
run_engine() { dotnet "$work/host/Lakemon.Bench.Load.dll" "$url" "$connections" "$seconds" "$1"; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

wrk -t1 -c"$connections" -d2s "$url" >/dev/null # warm nginx
rps_s=() rps_h=() rps_w=() p50_s=() p50_h=() p50_w=() p75_s=() p75_h=() p75_w=() p99_s=() p99_h=() p99_w=()
for i in $(seq "$repeat"); do
  case $((i % 3)) in
    1) s=$(run_engine socket); h=$(run_engine httpclient); w=$(run_wrk) ;;
    2) w=$(run_wrk); s=$(run_engine socket); h=$(run_engine httpclient) ;;
    0) h=$(run_engine httpclient); w=$(run_wrk); s=$(run_engine socket) ;;
  esac
  echo "run $i: engine+socket $s | engine+HttpClient $h | wrk $w" >&2
  rps_s+=("$(field "$s" rps)") rps_h+=("$(field "$h" rps)") rps_w+=("$(field "$w" rps)")
  p50_s+=("$(field "$s" p50_ms)") p50_h+=("$(field "$h" p50_ms)") p50_w+=("$(field "$w" p50_ms)")
  p75_s+=("$(field "$s" p75_ms)") p75_h+=("$(field "$h" p75_ms)") p75_w+=("$(field "$w" p75_ms)")
  p99_s+=("$(field "$s" p99_ms)") p99_h+=("$(field "$h" p99_ms)") p99_w+=("$(field "$w" p99_ms)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
report() { # label unit engine anchor
  awk -v l="$1" -v u="$2" -v e="$3" -v a="$4" 'BEGIN { printf "%-44s lakemon %10.3f %-5s wrk %10.3f %-5s ratio %.2f\n", l, e, u, a, u, (a > 0 ? e / a : 0) }'
}
echo "load engine vs wrk: GET $url, $connections connections, ${seconds}s × $repeat (medians)"
report "requests/s, socket step (target ≥ 0.8)" "req/s" "$(median "${rps_s[@]}")" "$(median "${rps_w[@]}")"
report "requests/s, HttpClient step" "req/s" "$(median "${rps_h[@]}")" "$(median "${rps_w[@]}")"
for p in 50 75 99; do
  s_ref="p${p}_s[@]" h_ref="p${p}_h[@]" w_ref="p${p}_w[@]"
  report "p$p latency, socket step (0.9–1.1 = ±10 %)" "ms" "$(median "${!s_ref}")" "$(median "${!w_ref}")"
  report "p$p latency, HttpClient step" "ms" "$(median "${!h_ref}")" "$(median "${!w_ref}")"
done
