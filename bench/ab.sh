#!/usr/bin/env bash
# Benchmark: this checkout's nslab against another checkout's, for the before/after figure a
# change owes (issues 14-17: "bench/updown.sh 100 before and after, same machine, same run").
# The same lab of N nodes on one bridge (updown.sh's shape, or FILE's, a lab file) brought up
# and down by each build in turn, RUNS runs each (default 5), alternating, each run after the
# kernel settled; prints each run, the medians of up, down and up+down, and, last,
# "ratio: X.XX" (this checkout's up / the other's up). Run as root:
#   bench/ab.sh OTHER_CHECKOUT [N|FILE]    (N default 100; OTHER built with mvn package first)
# e.g. the commit before a change:  git worktree add /tmp/before COMMIT && (cd /tmp/before && mvn -q package -DskipTests)
set -euo pipefail
RUNS=${RUNS:-5}
source "$(dirname "$0")/lib.sh"
OTHER=$(cd "${1:?usage: bench/ab.sh OTHER_CHECKOUT [N|FILE]}" && pwd)
WHAT=${2:-100}
LAB=bab

need_root
[[ -x $OTHER/nslab && -x $OTHER/core-ns/target/nslab-init ]] || { echo "$0: $OTHER is not a built checkout (mvn package there first)" >&2; exit 3; }
snapshot_machine
if [[ -f $WHAT ]]; then
  file="$LOGS/$LAB.json"
  sed "s/\"name\": *\"[^\"]*\"/\"name\": \"$LAB\"/" "$WHAT" > "$file"
  "$NSLAB" --version >/dev/null
  trap "echo \"logs: \$LOGS\" >&2; \"\$NSLAB\" down $LAB >/dev/null 2>&1 || true" EXIT
else
  prepare_lab "$LAB" "$WHAT" 10.203
fi
"$OTHER/nslab" --version >/dev/null

# one BUILD: up and down of the lab by that build's launcher; appends to its arrays.
one() {
  local name=$1 launcher=$2 t0 t1 t2
  settle
  t0=$(now_ms)
  "$launcher" up "$file" > "$LOGS/$name.up.log" 2>&1 || { cat "$LOGS/$name.up.log" >&2; exit 3; }
  t1=$(now_ms)
  "$launcher" down "$LAB" > "$LOGS/$name.down.log" 2>&1 || { cat "$LOGS/$name.down.log" >&2; exit 3; }
  t2=$(now_ms)
  check_lab_gone "$LAB"
  eval "${name}_up+=($((t1 - t0))) ${name}_down+=($((t2 - t1))) ${name}_total+=($((t2 - t0)))"
}

this_up=() this_down=() this_total=() other_up=() other_down=() other_total=()
for ((run = 1; run <= RUNS; run++)); do
  # Alternate which goes first: the first of a pair meets the kernel's clean-up of the last down.
  if (( run % 2 )); then one this "$NSLAB"; one other "$OTHER/nslab"; else one other "$OTHER/nslab"; one this "$NSLAB"; fi
  echo "run $run: this up ${this_up[-1]} + down ${this_down[-1]} ms; other up ${other_up[-1]} + down ${other_down[-1]} ms" >&2
done
check_machine

echo "lab: $WHAT ($(grep -o '"n[0-9]*"' "$file" | wc -l) nodes named nN), $RUNS runs each, alternating, medians"
echo "this ($(git -C "$ROOT" rev-parse --short HEAD)): up $(median "${this_up[@]}") ms, down $(median "${this_down[@]}") ms, up+down $(median "${this_total[@]}") ms"
echo "other ($(git -C "$OTHER" rev-parse --short HEAD)): up $(median "${other_up[@]}") ms, down $(median "${other_down[@]}") ms, up+down $(median "${other_total[@]}") ms"
echo "ratio: $(ratio "$(median "${this_up[@]}")" "$(median "${other_up[@]}")")"
