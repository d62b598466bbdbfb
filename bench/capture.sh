#!/usr/bin/env bash
# Benchmark: can `nslab capture` keep up with a bulk TCP transfer? iperf3 from client to web
# across the bridge of a copy of labs/capture.json, SECONDS long (default 5), RUNS times with
# the capture off, with nslab capture, and with the peer, tcpdump (libpcap: a TPACKET_V3 ring),
# alternating. `nslab capture web:eth0 -w FILE` and `tcpdump -i eth0 -B 32768 -w FILE` (in
# web's network namespace, through nsenter; the same 32 MiB of kernel buffer as nslab's) each
# record a transfer and are stopped with SIGTERM (by PID) after it. Prints each run's
# throughput, each capture's packets, packets/s and the kernel's drop count, then the medians
# and "ratio: X.XX" (throughput with nslab capture on / with tcpdump on). SNAPLEN=96 keeps
# headers only. Needs iperf3 and tcpdump.
# Run as root:  bench/capture.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${SECONDS_EACH:-5}
SNAPLEN=${SNAPLEN:-262144}   # bytes kept per packet: the default keeps whole 64 KiB segments
LAB=bcapture

need_root
command -v iperf3 >/dev/null || { echo "$0: needs iperf3 (apt-get install iperf3)" >&2; exit 3; }
command -v tcpdump >/dev/null || { echo "$0: needs tcpdump (apt-get install tcpdump)" >&2; exit 3; }
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

init=$(awk -F'\t' '$1 == "process" && $2 == "node:web" {print $3}' "/run/nslab/$LAB/journal")

# capture NAME CMD...: runs the capture CMD in the background during one transfer; sets
# gbps, packets, dropped, rate (packets/s over the transfer) and size (the file's).
capture() {
  local name=$1; shift
  "$@" > /dev/null 2> "$LOGS/$name.err" &
  local pid=$! t0 t1
  until grep -q -e "capturing on" -e "listening on" "$LOGS/$name.err"; do sleep 0.1; done
  t0=$(date +%s%N)
  gbps=$(transfer)
  t1=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true   # TERM: a background job of a script ignores SIGINT
  if [[ $name == nslab ]]; then
    local report; report=$(grep "packets captured" "$LOGS/$name.err")
    packets=$(sed -E 's/.*: ([0-9]+) packets captured.*/\1/' <<< "$report")
    dropped=$(sed -E 's/.*, ([0-9]+) dropped by the kernel.*/\1/' <<< "$report")
  else
    packets=$(sed -nE 's/^([0-9]+) packets captured.*/\1/p' "$LOGS/$name.err")
    dropped=$(sed -nE 's/^([0-9]+) packets dropped by kernel.*/\1/p' "$LOGS/$name.err")
  fi
  rate=$((packets * 1000000000 / (t1 - t0)))
  size=$(du -h "$LOGS/bulk.pcapng" | cut -f1)
  rm -f "$LOGS/bulk.pcapng"
}

off=() on=() peer=()
for ((i = 1; i <= RUNS; i++)); do
  gbps=$(transfer); off+=("$gbps"); echo "run $i capture off:     $gbps Gbit/s"
  capture nslab "$NSLAB" capture -l "$LAB" web:eth0 --snaplen "$SNAPLEN" -w "$LOGS/bulk.pcapng"
  on+=("$gbps")
  echo "run $i nslab capture:   $gbps Gbit/s; $packets packets ($rate packets/s over the transfer), $dropped dropped by the kernel; file $size"
  capture tcpdump nsenter --net --target "$init" tcpdump -i eth0 -n -s "$SNAPLEN" -B 32768 --time-stamp-precision=nano -w "$LOGS/bulk.pcapng"
  peer+=("$gbps")
  echo "run $i tcpdump capture: $gbps Gbit/s; $packets packets ($rate packets/s over the transfer), $dropped dropped by the kernel; file $size"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_off=$(median "${off[@]}") m_on=$(median "${on[@]}") m_peer=$(median "${peer[@]}")
echo "median throughput: capture off $m_off Gbit/s, nslab capture $m_on Gbit/s, tcpdump $m_peer Gbit/s"
echo "ratio: $(awk -v a="$m_on" -v b="$m_peer" 'BEGIN {printf "%.2f", a / b}')"
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1
trap - EXIT
check_machine
