#!/usr/bin/env bash
# A big lab: N nodes (default 1,000) on one bridge come up and go down cleanly. Prints the
# up and down times, the user-space memory per idle node (Pss of the inits and the
# supervisor, shared pages split among sharers, divided by N), and checks that nothing is
# left (state, namespaces, mounts, processes). No peer: Mininet's lxbr switch would need
# its sysctls raised for this many ports. Run as root:  bench/big.sh [N]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-1000}}
LAB=bbig

need_root
snapshot_machine
prepare_lab "$LAB" "$N" 10.205

t0=$(now_ms)
"$NSLAB" up "$file" > "$LOGS/up.log" 2>&1 || { tail "$LOGS/up.log" >&2; exit 3; }
t1=$(now_ms) up_ms=$((t1 - t0))
mapfile -t pids < <(lab_processes "$LAB")
stamped=$(stamps "${pids[@]}")
kb=$(pss_kb "${pids[@]}")
netns=$(ip netns list | awk '{print $1}' | grep -cE "^$LAB(-|$)" || true)
t1=$(now_ms)  # measuring memory is not down's time
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1 || { tail "$LOGS/down.log" >&2; exit 3; }
t2=$(now_ms)
check_lab_gone "$LAB"
check_gone <<< "$stamped" || exit 1
check_machine

echo "nodes: $N on one bridge ($netns network namespaces while up)"
echo "nslab up: $up_ms ms"
echo "nslab down: $((t2 - t1)) ms"
echo "memory (user space, idle): $((kb / N)) kB per node (${#pids[@]} processes, $kb kB Pss)"
echo "clean: no state, namespace, mount or process left"
