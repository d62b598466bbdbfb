#!/usr/bin/env bash
# Benchmark: can `nslab capture` keep up with a bulk TCP transfer? iperf3 from client to web
# across the bridge of a copy of labs/capture.json, SECONDS long (default 5), RUNS times with
# the capture off and on, alternating. With it on, `nslab capture web:eth0 -w FILE` records
# the transfer; it is stopped with SIGTERM (by PID) after the transfer. Prints each run's
# throughput, the capture's packets and packets/s and the kernel's drop count, then the median
# throughput on and off and "ratio: X.XX" (on / off). SNAPLEN=96 keeps headers only. Needs iperf3.
# Run as root:  bench/capture.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${SECONDS_EACH:-5}
SNAPLEN=${SNAPLEN:-262144}   # bytes kept per packet: the default keeps whole 64 KiB segments
LAB=bcapture

need_root
command -v iperf3 >/dev/null || { echo "$0: needs iperf3 (apt-get install iperf3)" >&2; exit 3; }
snapshot_machine
sed "s/\"name\": \"capture\"/\"name\": \"$LAB\"/; s/172\\.24\\./172.31./g" "$ROOT/labs/capture.json" > "$LOGS/$LAB.json"
"$NSLAB" up "$LOGS/$LAB.json" > "$LOGS/up.log" 2>&1 || { cat "$LOGS/up.log" >&2; exit 3; }
trap '"$NSLAB" down "$LAB" >/dev/null 2>&1 || true' EXIT

# One transfer; prints its throughput in Gbit/s.
transfer() {
  "$NSLAB" exec -l "$LAB" web iperf3 -s -1 -B 172.31.0.10 > "$LOGS/server.log" 2>&1 &
  local server=$!
  sleep 1
  "$NSLAB" exec -l "$LAB" client iperf3 -c 172.31.0.10 -t "$SECONDS_EACH" -J > "$LOGS/client.json"
  wait "$server" || true
  python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"] / 1e9))' "$LOGS/client.json"
}

off=() on=()
for ((i = 1; i <= RUNS; i++)); do
  gbps=$(transfer); off+=("$gbps"); echo "run $i capture off: $gbps Gbit/s"
  "$NSLAB" capture -l "$LAB" web:eth0 --snaplen "$SNAPLEN" -w "$LOGS/bulk.pcapng" 2> "$LOGS/capture.err" &
  capture=$!
  until grep -q "capturing on" "$LOGS/capture.err"; do sleep 0.1; done
  t0=$(date +%s%N)
  gbps=$(transfer); on+=("$gbps")
  t1=$(date +%s%N)
  kill -TERM "$capture"; wait "$capture" || true   # TERM: a background job of a script ignores SIGINT
  report=$(grep "packets captured" "$LOGS/capture.err")
  packets=$(sed -E 's/.*: ([0-9]+) packets captured.*/\1/' <<< "$report")
  dropped=$(sed -E 's/.*, ([0-9]+) dropped by the kernel.*/\1/' <<< "$report")
  echo "run $i capture on:  $gbps Gbit/s; $packets packets ($((packets * 1000000000 / (t1 - t0))) packets/s over the transfer), $dropped dropped by the kernel; file $(du -h "$LOGS/bulk.pcapng" | cut -f1)"
  rm -f "$LOGS/bulk.pcapng"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_off=$(median "${off[@]}") m_on=$(median "${on[@]}")
echo "median throughput: capture off $m_off Gbit/s, on $m_on Gbit/s"
echo "ratio: $(awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "%.2f", a / b}')"
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1
trap - EXIT
check_machine
