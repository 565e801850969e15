#!/usr/bin/env bash
# Network probe benchmark (issue 7): lakemon's figures on a rate-limited veth link between two network namespaces,
# against the anchor tools measured on the same link in the same run:
#   - throughput: `lakemon net probe --kind throughput` vs `iperf3 -c -J` (receiver bits/s), both vs the tbf rate;
#   - latency: `lakemon net probe --kind latency` (TWAMP-light, and --icmp) median RTT vs `ping` (iputils) median.
# Needs root (namespaces, tc). Namespaces and processes are removed on exit, by name and PID.
#
#   bench/network.sh [--rate-mbit 100] [--duration 5] [--count 1000] [--repeat 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rate=100 duration=5 count=1000 repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rate-mbit) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: bench/network.sh [--rate-mbit N] [--duration S] [--count N] [--repeat N]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "bench/network.sh: needs root (network namespaces, tc)" >&2; exit 2; }
# shellcheck source=lake/prerequisites.sh
. "$here/lake/prerequisites.sh"
lakemon_ensure_dotnet && lakemon_ensure_packages iperf3 iputils-ping iproute2 || exit 2
"$here/lakemon" --help >/dev/null   # builds artifacts/lakemon once
dll="$here/artifacts/lakemon/lakemon.dll"

id=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
a="lmb${id}a" b="lmb${id}b"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip link add "lmb${id}x" netns "$a" mtu 9000 type veth peer name "lmb${id}y" netns "$b" mtu 9000
ip -n "$a" addr add 10.1.0.1/24 dev "lmb${id}x"; ip -n "$b" addr add 10.1.0.2/24 dev "lmb${id}y"
ip -n "$a" link set "lmb${id}x" up; ip -n "$b" link set "lmb${id}y" up
ip -n "$a" link set lo up; ip -n "$b" link set lo up
tc -n "$a" qdisc add dev "lmb${id}x" root tbf rate "${rate}mbit" burst 64kb latency 100ms

ip netns exec "$b" dotnet "$dll" net reflector --listen 10.1.0.2:862 2>/dev/null & pids+=($!)
ip netns exec "$b" dotnet "$dll" net throughput-server --listen 10.1.0.2:5301 2>/dev/null & pids+=($!)
ip netns exec "$b" iperf3 --server --bind 10.1.0.2 --port 5201 >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 100); do
  ip netns exec "$b" ss -Hltn 2>/dev/null | grep -q ':5301 ' && ip netns exec "$b" ss -Hltn | grep -q ':5201 ' && break
  sleep 0.1
done

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
jsonnum() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }

echo "link: veth between two namespaces, tbf ${rate} Mbit/s, ${repeat} rounds (lakemon and anchor alternate who goes first)"
for round in $(seq "$repeat"); do
  run_lakemon() { ip netns exec "$a" dotnet "$dll" net probe --kind throughput --target 10.1.0.2:5301 --duration "${duration}s" --json 2>/dev/null | jsonnum "['throughput_bits_per_second']"; }
  run_iperf() { ip netns exec "$a" iperf3 --client 10.1.0.2 --port 5201 --time "$duration" --json | jsonnum "['end']['sum_received']['bits_per_second']"; }
  if [ $((round % 2)) -eq 1 ]; then ours=$(run_lakemon); anchor=$(run_iperf); else anchor=$(run_iperf); ours=$(run_lakemon); fi
  awk -v o="$ours" -v a="$anchor" -v r="$rate" 'BEGIN { printf "throughput round %d: lakemon %.2f Mbit/s, iperf3 %.2f Mbit/s, tbf %d Mbit/s; lakemon/iperf3 %.3f, lakemon/tbf %.3f\n", '"$round"', o/1e6, a/1e6, r, o/a, o/(r*1e6) }'
done
for round in $(seq "$repeat"); do
  twamp=$(ip netns exec "$a" dotnet "$dll" net probe --target 10.1.0.2:862 --count "$count" --interval 1ms --json 2>/dev/null | jsonnum "['rtt_seconds']['median']")
  icmp=$(ip netns exec "$a" dotnet "$dll" net probe --target 10.1.0.2 --icmp --count "$count" --interval 1ms --json 2>/dev/null | jsonnum "['rtt_seconds']['median']")
  ping_median=$(ip netns exec "$a" ping -n -c "$count" -i 0.002 10.1.0.2 | sed -n 's/.*time=\([0-9.]*\) ms/\1/p' | median)
  awk -v t="$twamp" -v i="$icmp" -v p="$ping_median" 'BEGIN { printf "latency round %d: median RTT lakemon twamp %.1f us, lakemon icmp %.1f us, ping %.1f us; twamp/ping %.2f, icmp/ping %.2f\n", '"$round"', t*1e6, i*1e6, p*1e3, t*1e6/(p*1e3), i*1e6/(p*1e3) }'
done
