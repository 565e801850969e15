#!/usr/bin/env bash
# Load engine benchmark (issue 9): requests/s and latency percentiles the engine's closed model (KeepConstant, one
# copy per connection) sustains against a trivial local HTTP endpoint (nginx-light, one worker, `return 200`), and
# the anchor wrk (-t1, same connection count, same endpoint) in the same run, rotating who goes first. The engine runs
# twice: with a step on a minimal keep-alive socket client (what the engine itself costs, as wrk's own client) and
# with a step on .NET's HttpClient (what a realistic step adds).
# Ratios: engine rps / wrk rps (target ≥ 0.8), engine pXX / wrk pXX (agreement within 10 % means 0.9–1.1).
# Also the generator's CPU per request (user + system; it hardly moves when other work shares the host, unlike rps),
# and each tool's "calls in flight by its own clock" = rps × mean latency. In a closed model Little's law makes the
# whole request cycle take connections / rps; a tool whose clock covers the whole cycle shows ≈ connections. The engine
# sends the next request as soon as a response is parsed, so its clock covers the cycle; wrk parses a response, arms a
# write event, and writes (starting its clock) only on the next turn of its event loop, after the other connections'
# events, so its latency leaves that wait out (about 11 of 16 in flight on a quiet host). At 16 connections the two
# latencies therefore measure different spans; the second comparison, one connection, is a plain round trip for both:
# there nginx is pinned to one CPU and both generators to the other, because unpinned the scheduler sometimes puts
# generator and server on one CPU, which turns a ~58 µs round trip into ~17 µs for whichever tool is lucky in that run.
# wrk also "corrects" its histogram for coordinated omission after the run (stats_correct in wrk.c: every sample of n ≥
# 2 × the mean cycle per connection adds synthetic samples at n − cycle, n − 2 × cycle, … as if each connection should
# have sent once per cycle); the engine's closed model records what each call took and nothing else (it corrects in the
# open model only, from the intended start). So one slow response of 1 ms at one connection (cycle ~58 µs) becomes ~16
# samples in wrk's tail: its p99 and mean grow with every stall (on a busy host rps × mean exceeds the connection count,
# which no real samples can do), while the engine's stay the real calls.
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
# bash's `times` prints the shell's then its children's user and system time (e.g. 0m0.460s 0m4.550s); in a subshell
# that runs only wrk, the second line is wrk's CPU.
cpu_seconds() { awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] } printf "%.3f", n }'; }
run_wrk() { # connections [taskset prefix...]
  local c=$1; shift
  local cpu; cpu=$( ("$@" wrk -t1 -c"$c" -d"${seconds}s" --latency "$url" >"$work/wrk.out"; times) | cpu_seconds)
  local rps p50 p75 p99 mean
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.out")")
  p75=$(to_ms "$(awk '$1 == "75%" { print $2 }' "$work/wrk.out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.out")")
  mean=$(to_ms "$(awk '$1 == "Latency" && $2 != "Distribution" { print $2 }' "$work/wrk.out")")
  echo "rps=$rps p50_ms=$p50 p75_ms=$p75 p99_ms=$p99 mean_ms=$mean cpu_us_per_req=$(awk -v c="$cpu" -v r="$rps" -v s="$seconds" 'BEGIN { printf "%.2f", (r > 0 ? c * 1e6 / (r * s) : 0) }')"
}
run_engine() { # step connections [taskset prefix...]
  local step=$1 c=$2; shift 2
  "$@" dotnet "$work/host/Lakemon.Bench.Load.dll" "$url" "$c" "$seconds" "$step"
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

wrk -t1 -c"$connections" -d2s "$url" >/dev/null # warm nginx
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
nginx_worker=$(pgrep -P "$nginx_pid" nginx | head -1)
keys=(rps p50_ms p75_ms p99_ms mean_ms cpu_us_per_req)
declare -A got=() # got[series.key]="values…"
keep() { local series=$1 line=$2 k; for k in "${keys[@]}"; do got[$series.$k]+=" $(field "$line" "$k")"; done; }
for i in $(seq "$repeat"); do
  case $((i % 3)) in
    1) s=$(run_engine socket "$connections"); h=$(run_engine httpclient "$connections"); w=$(run_wrk "$connections") ;;
    2) w=$(run_wrk "$connections"); s=$(run_engine socket "$connections"); h=$(run_engine httpclient "$connections") ;;
    0) h=$(run_engine httpclient "$connections"); w=$(run_wrk "$connections"); s=$(run_engine socket "$connections") ;;
  esac
  echo "run $i: engine+socket $s | engine+HttpClient $h | wrk $w" >&2
  keep s "$s"; keep h "$h"; keep w "$w"
  # One connection, generator and server pinned apart (see the header).
  taskset -pc 1 "$nginx_worker" >/dev/null
  if ((i % 2)); then s1=$(run_engine socket 1 taskset -c 0); w1=$(run_wrk 1 taskset -c 0)
  else w1=$(run_wrk 1 taskset -c 0); s1=$(run_engine socket 1 taskset -c 0); fi
  taskset -pc "0-$(($(nproc --all) - 1))" "$nginx_worker" >/dev/null
  echo "run $i, 1 connection: engine+socket $s1 | wrk $w1" >&2
  keep s1 "$s1"; keep w1 "$w1"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
report() { # label unit engine anchor
  awk -v l="$1" -v u="$2" -v e="$3" -v a="$4" 'BEGIN { printf "%-44s lakemon %10.3f %-5s wrk %10.3f %-5s ratio %.2f\n", l, e, u, a, u, (a > 0 ? e / a : 0) }'
}
# shellcheck disable=SC2086 # the values are a space-separated list
m() { local v=${got[$1.$2]}; median $v; } # series key
# Other work on the host moves requests/s and the percentiles of both tools (not the CPU per request much): say how busy
# it was.
echo "host load average (1/5/15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after; $(nproc) CPUs"
echo "load engine vs wrk: GET $url, $connections connections, ${seconds}s × $repeat (medians)"
report "requests/s, socket step (target ≥ 0.8)" "req/s" "$(m s rps)" "$(m w rps)"
report "requests/s, HttpClient step" "req/s" "$(m h rps)" "$(m w rps)"
for p in 50 75 99; do
  report "p$p latency, socket step (0.9–1.1 = ±10 %)" "ms" "$(m s "p${p}_ms")" "$(m w "p${p}_ms")"
  report "p$p latency, HttpClient step" "ms" "$(m h "p${p}_ms")" "$(m w "p${p}_ms")"
done
report "mean latency, socket step" "ms" "$(m s mean_ms)" "$(m w mean_ms)"
report "mean latency, HttpClient step" "ms" "$(m h mean_ms)" "$(m w mean_ms)"
report "in flight by own clock (rps×mean), socket" "calls" "$(awk -v r="$(m s rps)" -v l="$(m s mean_ms)" 'BEGIN { print r * l / 1000 }')" \
  "$(awk -v r="$(m w rps)" -v l="$(m w mean_ms)" 'BEGIN { print r * l / 1000 }')"
report "generator CPU per request, socket step" "µs" "$(m s cpu_us_per_req)" "$(m w cpu_us_per_req)"
report "generator CPU per request, HttpClient step" "µs" "$(m h cpu_us_per_req)" "$(m w cpu_us_per_req)"
echo "round trip: 1 connection, nginx and the generator on separate CPUs, ${seconds}s × $repeat (medians)"
report "requests/s, socket step" "req/s" "$(m s1 rps)" "$(m w1 rps)"
for p in 50 75 99; do
  report "p$p latency, socket step (0.9–1.1 = ±10 %)" "ms" "$(m s1 "p${p}_ms")" "$(m w1 "p${p}_ms")"
done
report "generator CPU per request, socket step" "µs" "$(m s1 cpu_us_per_req)" "$(m w1 cpu_us_per_req)"
