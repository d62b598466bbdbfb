#!/usr/bin/env bash
# Benchmark: a rootless lab against the same lab built by root. A lab of N nodes on one bridge
# (the shape of updown.sh), brought up and down by root (`sudo ./nslab`) and by a throwaway
# unprivileged user (rootless: in a user namespace of their own, joined by every command),
# alternating, RUNS runs each (default 3); prints the medians and, last, "ratio: X.XX"
# (rootless up+down / root up+down; issue 22 asks for at most 1.5). Run as root:
#   bench/rootless.sh [N]   (N default 100)
# The user is made with useradd and removed at the end; the repository must be readable by
# any user (as /work is here). Timed: `nslab up FILE` plus `nslab down LAB`, each a fresh
# launcher and JVM; the rootless figure includes starting and stopping the holder.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-100}}
LAB=brl

need_root
snapshot_machine
prepare_lab "$LAB" "$N" 10.202
chmod 755 "$LOGS" && chmod 644 "$file"
user="nstb$$"
useradd -M -N -s /bin/sh "$user"
uid=$(id -u "$user")
as_user() { setpriv --reuid="$uid" --regid="$(id -g "$user")" --clear-groups -- env -i PATH="$PATH" "$NSLAB" "$@"; }
trap 'as_user down --all >/dev/null 2>&1 || true; userdel "$user"; rm -rf "/tmp/nslab-$uid"; "$NSLAB" down $LAB >/dev/null 2>&1 || true; echo "logs: $LOGS" >&2' EXIT

root=() rootless=()
for ((run = 1; run <= RUNS; run++)); do
  settle
  t0=$(now_ms)
  "$NSLAB" up "$file" > "$LOGS/up.$run.log" 2>&1 || { cat "$LOGS/up.$run.log" >&2; exit 3; }
  "$NSLAB" down "$LAB" > "$LOGS/down.$run.log" 2>&1 || { cat "$LOGS/down.$run.log" >&2; exit 3; }
  t1=$(now_ms)
  check_lab_gone "$LAB"
  root+=($((t1 - t0)))

  settle
  t0=$(now_ms)
  as_user up "$file" > "$LOGS/rl-up.$run.log" 2>&1 || { cat "$LOGS/rl-up.$run.log" >&2; exit 3; }
  as_user down "$LAB" > "$LOGS/rl-down.$run.log" 2>&1 || { cat "$LOGS/rl-down.$run.log" >&2; exit 3; }
  t1=$(now_ms)
  rootless+=($((t1 - t0)))
  # Zombies are not the user's: they wait only for the machine's PID 1 to reap them.
  left=$(ps -u "$uid" -o pid=,stat= | awk '$2 !~ /^Z/ {print $1}' | tr '\n' ' ')
  [[ -z $left ]] || { echo "$0: the user's processes outlived down: $left" >&2; exit 3; }
  echo "run $run: root ${root[-1]} ms; rootless ${rootless[-1]} ms" >&2
done
check_machine

echo "nodes: $N on one bridge, $RUNS runs each, medians of up+down"
echo "root: $(median "${root[@]}") ms"
echo "rootless: $(median "${rootless[@]}") ms"
echo "ratio: $(ratio "$(median "${rootless[@]}")" "$(median "${root[@]}")")"
