#!/usr/bin/env bash
# Benchmark: this checkout's nslab against another checkout's (a change's before and after), in
# ONE run on the same machine. OTHER is the other checkout (e.g. a worktree of main: `git
# worktree add /tmp/before main`); both are built by their own launcher first. For a lab of N
# nodes on bridges of 250 (bridges_lab in lib.sh), RUNS rounds, the two taking turns (which one
# goes first alternates), each on a settled machine:
#   up      `nslab up`
#   down    `nslab down`, plus the kernel's asynchronous clean-up after it (netns_destroyed)
# Prints each figure, the medians, and this/other for each (1.00: the same; above: slower).
# Leaves the machine as it found it. Run as root:
#   OTHER=/tmp/before bench/against.sh        (N=100 RUNS=5 by default)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-100} RUNS=${RUNS:-5}
LAB=bagainst
[[ -n ${OTHER:-} && -x $OTHER/nslab ]] || { echo "$0: set OTHER to another checkout of nslab (with its ./nslab)" >&2; exit 3; }
OTHER=$(cd "$OTHER" && pwd)
need_root
snapshot_machine
bridges_lab "$LAB" "$N" 10.77 > "$LOGS/$LAB.json"
trap "echo \"logs: \$LOGS\" >&2; \"\$NSLAB\" down $LAB >/dev/null 2>&1 || true
  \"\$OTHER/nslab\" down $LAB >/dev/null 2>&1 || true; drop_sentinels" EXIT
echo "this:  $ROOT ($(git -C "$ROOT" log --oneline -1 2>/dev/null || echo '?'))"
echo "other: $OTHER ($(git -C "$OTHER" log --oneline -1 2>/dev/null || echo '?'))"
"$NSLAB" --version >/dev/null
"$OTHER/nslab" --version >/dev/null

# round WHO RUN: up and down with WHO's nslab (this or other); appends to WHO's arrays.
declare -a this_up this_down other_up other_down
round() {
  local who=$1 run=$2 bin t0 t1 t2
  bin=$([[ $who == this ]] && echo "$NSLAB" || echo "$OTHER/nslab")
  settle
  t0=$(now_ms)
  "$bin" up "$LOGS/$LAB.json" > "$LOGS/up.$who.$run.log" 2>&1 || { tail "$LOGS/up.$who.$run.log" >&2; exit 3; }
  t1=$(now_ms)
  "$bin" down "$LAB" > "$LOGS/down.$who.$run.log" 2>&1 || { tail "$LOGS/down.$who.$run.log" >&2; exit 3; }
  netns_destroyed
  t2=$(now_ms)
  eval "${who}_up+=($((t1 - t0))) ${who}_down+=($((t2 - t1)))"
  echo "run $run $who: up $((t1 - t0)) ms, down $((t2 - t1)) ms" >&2
}

for ((run = 1; run <= RUNS; run++)); do
  if ((run % 2)); then round this "$run"; round other "$run"; else round other "$run"; round this "$run"; fi
done
tu=$(median "${this_up[@]}") td=$(median "${this_down[@]}")
ou=$(median "${other_up[@]}") od=$(median "${other_down[@]}")
echo "N=$N, $RUNS runs each, medians:"
echo "up:   this $tu ms, other $ou ms, this/other $(ratio "$tu" "$ou")"
echo "down: this $td ms, other $od ms, this/other $(ratio "$td" "$od")"
check_machine
