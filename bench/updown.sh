#!/usr/bin/env bash
# Benchmark: a lab of N nodes on one bridge, brought up and down, against Mininet building
# the same shape (`mn --topo single,N --switch lxbr --controller none --test none`, which
# builds the hosts, the bridge and the links, then tears them down). Alternating, RUNS runs
# each (default 3); prints the medians, each nslab node's user-space memory (its init and the
# lab's share of the supervisor: Pss, shared pages split among sharers) and, last,
# "ratio: X.XX" (nslab up+down / Mininet). Run as root:  bench/updown.sh [N]   (N default 100)
#
# Each tool starts on a settled machine (see settle in lib.sh), not during the kernel's
# teardown of the other's namespaces. Timed: for nslab, `nslab up FILE` plus `nslab down LAB`, each a fresh launcher and JVM
# (as a user runs them); for Mininet, the whole `mn` process (Python start included).
# Each nslab node gets six namespaces (net, uts, ipc, pid, mnt, cgroup) and an init;
# a Mininet host gets two (net and mnt) and a shell.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-100}}
LAB=bupd

need_root
need_mininet
prove_sandbox
snapshot_machine
prepare_lab "$LAB" "$N" 10.201

up=() down=() total=() peer=() mem=""
for ((run = 1; run <= RUNS; run++)); do
  settle
  t0=$(now_ms)
  "$NSLAB" up "$file" > "$LOGS/up.$run.log" 2>&1 || { cat "$LOGS/up.$run.log" >&2; exit 3; }
  t1=$(now_ms) t1_up=$t1
  if [[ -z $mem ]]; then
    mapfile -t pids < <(lab_processes "$LAB")
    kb=$(pss_kb "${pids[@]}")
    mem="$((kb / N)) kB per node (${#pids[@]} processes, $kb kB Pss for $N nodes)"
    t1=$(now_ms)  # the measuring above is not down's time
  fi
  "$NSLAB" down "$LAB" > "$LOGS/down.$run.log" 2>&1 || { cat "$LOGS/down.$run.log" >&2; exit 3; }
  t2=$(now_ms)
  check_lab_gone "$LAB"
  up+=($((t1_up - t0))) down+=($((t2 - t1))) total+=($((t1_up - t0 + t2 - t1)))

  MN_LOG="$LOGS/mn.$run.log"
  settle
  t0=$(now_ms)
  mn_sandboxed --topo "single,$N" --switch lxbr --controller none --test none || { cat "$MN_LOG" >&2; exit 3; }
  t1=$(now_ms)
  grep -q "Done" "$MN_LOG" || { cat "$MN_LOG" >&2; exit 3; }
  peer+=($((t1 - t0)))
  echo "run $run: nslab up ${up[-1]} ms + down ${down[-1]} ms = ${total[-1]} ms; mininet ${peer[-1]} ms" >&2
done
check_machine

echo "nodes: $N on one bridge, $RUNS runs each, medians"
echo "nslab up: $(median "${up[@]}") ms"
echo "nslab down: $(median "${down[@]}") ms"
echo "nslab up+down: $(median "${total[@]}") ms"
echo "mininet (mn single,$N, lxbr, --test none): $(median "${peer[@]}") ms"
echo "nslab memory (user space, idle): $mem"
echo "ratio: $(ratio "$(median "${total[@]}")" "$(median "${peer[@]}")")"
