#!/usr/bin/env bash
# Benchmark: pingall of N nodes on one bridge (default 50: 2,450 pairs), nslab against
# Mininet (`mn --topo single,N --switch lxbr --controller none --test pingall`).
# Alternating, RUNS runs each (default 3); prints the medians and, last,
# "ratio: X.XX" (nslab pingall / Mininet's pingall). Run as root:  bench/pingall.sh [N]
#
# Timed: for nslab, the `nslab pingall` process (JVM start included), on a lab brought up
# before and taken down after (those timed apart); for Mininet, `mn ... --test pingall`
# less `mn ... --test none` (the same build and teardown without the pings), each a whole
# process. Both also as wholes (up + pingall + down against mn --test pingall).
#
# The neighbour table: the kernel keeps one ARP table for all namespaces, refusing new
# entries past net.ipv4.neigh.default.gc_thresh3 (1024 here) unless some are 5 s old. N nodes on
# one segment need N*(N-1) entries (2,450). Mininet raises gc_thresh3 to 16384 for the
# whole machine (fixLimits); its sandbox forbids that here, and its pings, one process
# after another, are slow enough for the kernel to evict old entries as it goes (a few
# pings may still be lost: see its "Results" line). nslab pings in pairs within a budget
# of 256 entries and deletes each pair's entries once it is answered (see Pingall).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-50}}
LAB=bping

need_root
need_mininet
prove_sandbox
snapshot_machine
prepare_lab "$LAB" "$N" 10.202

ping=() whole=() mnping=() mnnone=() mnpeer=() results=""
for ((run = 1; run <= RUNS; run++)); do
  t0=$(now_ms)
  "$NSLAB" up "$file" > "$LOGS/up.$run.log" 2>&1 || { cat "$LOGS/up.$run.log" >&2; exit 3; }
  t1=$(now_ms)
  "$NSLAB" pingall "$LAB" > "$LOGS/pingall.$run.log" 2>&1 || { tail -25 "$LOGS/pingall.$run.log" >&2; exit 1; }
  t2=$(now_ms)
  "$NSLAB" down "$LAB" > "$LOGS/down.$run.log" 2>&1 || { cat "$LOGS/down.$run.log" >&2; exit 3; }
  t3=$(now_ms)
  check_lab_gone "$LAB"
  ping+=($((t2 - t1))) whole+=($((t3 - t0)))

  MN_LOG="$LOGS/mn-pingall.$run.log"
  t0=$(now_ms)
  mn_sandboxed --topo "single,$N" --switch lxbr --controller none --test pingall || { tail "$MN_LOG" >&2; exit 3; }
  t1=$(now_ms)
  MN_LOG="$LOGS/mn-none.$run.log"
  mn_sandboxed --topo "single,$N" --switch lxbr --controller none --test none || { tail "$MN_LOG" >&2; exit 3; }
  t2=$(now_ms)
  mnpeer+=($((t1 - t0))) mnnone+=($((t2 - t1))) mnping+=($((t1 - t0 - (t2 - t1))))
  got=$(grep -o 'Results: .*' "$LOGS/mn-pingall.$run.log")
  results+="  mininet run $run: $got"$'\n'
  echo "run $run: nslab pingall ${ping[-1]} ms (up+pingall+down ${whole[-1]} ms); mininet pingall ${mnping[-1]} ms (${mnpeer[-1]} - ${mnnone[-1]} ms), $got" >&2
done
check_machine

echo "nodes: $N on one bridge, $((N * (N - 1))) pairs, $RUNS runs each, medians"
echo "nslab pingall: $(median "${ping[@]}") ms ($(tail -1 "$LOGS/pingall.$RUNS.log"))"
echo "nslab up+pingall+down: $(median "${whole[@]}") ms"
echo "mininet --test pingall: $(median "${mnpeer[@]}") ms; --test none: $(median "${mnnone[@]}") ms; pingall alone: $(median "${mnping[@]}") ms"
printf '%s' "$results"
echo "whole ratio (nslab up+pingall+down / mn --test pingall): $(ratio "$(median "${whole[@]}")" "$(median "${mnpeer[@]}")")"
echo "ratio: $(ratio "$(median "${ping[@]}")" "$(median "${mnping[@]}")")"
