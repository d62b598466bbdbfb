#!/usr/bin/env bash
# Benchmark: what a node's copy-on-write root costs. The same lab of N nodes on one bridge,
# once with every node on "root": "host" (the machine's file system as is) and once with the
# default "root": "overlay" (an overlay mount, its own /tmp and /run, the machine's other file
# systems bound read-only, pivot_root), each brought up and down, alternating, RUNS runs each
# (default 3). Prints the medians and, last, "ratio: X.XX" (overlay up+down / host up+down).
# Run as root:  bench/roots.sh [N]   (N default 100)
#
# Timed as bench/updown.sh times nslab: `nslab up FILE` plus `nslab down LAB`, each a fresh
# launcher and JVM; each run starts on a settled machine (see settle in lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-100}}

need_root
snapshot_machine
prepare_lab broot "$N" 10.202
overlay=$file
host="$LOGS/brooth.json"
bridge_lab brooth "$N" 10.203 | sed 's/"interfaces":/"root":"host","interfaces":/g' > "$host"
trap "echo \"logs: \$LOGS\" >&2; \"\$NSLAB\" down broot >/dev/null 2>&1 || true; \"\$NSLAB\" down brooth >/dev/null 2>&1 || true" EXIT

# updown FILE LAB: prints "UP DOWN" in ms.
updown() {
  local t0 t1 t2
  settle
  t0=$(now_ms)
  "$NSLAB" up "$1" > "$LOGS/up.log" 2>&1 || { cat "$LOGS/up.log" >&2; exit 3; }
  t1=$(now_ms)
  "$NSLAB" down "$2" > "$LOGS/down.log" 2>&1 || { cat "$LOGS/down.log" >&2; exit 3; }
  t2=$(now_ms)
  check_lab_gone "$2"
  echo "$((t1 - t0)) $((t2 - t1))"
}

oup=() odown=() ototal=() hup=() hdown=() htotal=()
for ((run = 1; run <= RUNS; run++)); do
  read -r u d < <(updown "$host" brooth)
  hup+=("$u") hdown+=("$d") htotal+=($((u + d)))
  read -r u d < <(updown "$overlay" broot)
  oup+=("$u") odown+=("$d") ototal+=($((u + d)))
  echo "run $run: root host ${htotal[-1]} ms, root overlay ${ototal[-1]} ms" >&2
done
grep -q ' - overlay ' /proc/self/mountinfo && { echo "$0: an overlay mount was left on the machine" >&2; exit 1; }
check_machine

echo "nodes: $N on one bridge, $RUNS runs each, medians"
echo "root host: up $(median "${hup[@]}") ms + down $(median "${hdown[@]}") ms = $(median "${htotal[@]}") ms"
echo "root overlay: up $(median "${oup[@]}") ms + down $(median "${odown[@]}") ms = $(median "${ototal[@]}") ms"
echo "ratio: $(ratio "$(median "${ototal[@]}")" "$(median "${htotal[@]}")")"
