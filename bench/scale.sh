#!/usr/bin/env bash
# Benchmark (issue 26): is a lab's cost linear in its size, and how far is it from the kernel's
# floor? In ONE run, for labs of N nodes on ceil(N/250) bridges of 250 (bridges_lab in lib.sh),
# N = 100 and 1,000:
#   up       `nslab up` on a settled machine;
#   down     `nslab down` plus the kernel's asynchronous clean-up after it (namespaces are
#            destroyed on the kernel's own threads after down returns): until a sentinel
#            namespace released after down is destroyed (netns_destroyed in lib.sh);
#   cycle    up + down + the next up right after it (which meets that clean-up);
#   floor    nsfloor N (../shared/tools/nsfloor.c, compiled into $LOGS: namespaces and a PID 1
#            per node, the kernel alone) + bench/netlink.sh's time for N veth pairs with bridge
#            ports and addresses (COUNT=N; the faster of the library and `ip -batch`).
# Prints each figure and the ratios issue 26 names: up(1000)/up(100) (target <= 11), the same
# for down and the cycle, and up(N)/floor(N) (target <= 2). RUNS_SMALL (default 3) and
# RUNS_BIG (default 1) sequences (settle, up, down, up, down, clean-up) per size; medians.
# Leaves the machine as it found it (interfaces, sysctls, no lab left). Run as root:
#   bench/scale.sh            (SIZES="100 1000" by default; FLOOR=/path/to/nsfloor.c)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SMALL=${SMALL:-100} BIG=${BIG:-1000}
RUNS_SMALL=${RUNS_SMALL:-3} RUNS_BIG=${RUNS_BIG:-1}
FLOOR=${FLOOR:-$ROOT/../../shared/tools/nsfloor.c}
[[ -f $FLOOR ]] || FLOOR=/work/shared/tools/nsfloor.c
LAB=bscale

need_root
[[ -f $FLOOR ]] || { echo "$0: no nsfloor.c (set FLOOR=)" >&2; exit 3; }
command -v gcc >/dev/null || { echo "$0: needs gcc for nsfloor" >&2; exit 3; }
snapshot_machine
gcc -O2 -o "$LOGS/nsfloor" "$FLOOR"
"$NSLAB" --version >/dev/null
trap "echo \"logs: \$LOGS\" >&2; \"\$NSLAB\" down $LAB >/dev/null 2>&1 || true
  drop_sentinels" EXIT

# floor N: nsfloor's figure (ms) plus netlink.sh's ip -batch median (ms), each on a settled machine.
floor() {
  local n=$1 f l
  settle
  f=$(unshare -m --propagation private "$LOGS/nsfloor" "$n" | tee "$LOGS/nsfloor.$n.log" | awk '/^floor:/ {print $2}')
  settle
  (cd "$ROOT" && COUNT=$n RUNS=${RUNS_NETLINK:-1} bench/netlink.sh) > "$LOGS/netlink.$n.log" 2>&1 \
    || { cat "$LOGS/netlink.$n.log" >&2; exit 3; }
  # The faster of the two builders: what the kernel needs is at most that. (ip -batch has been
  # the slower one at 1,000 ports on one bridge: 11.8 s against the library's 2.0 s.)
  l=$(awk '/^median:/ {print ($3 < $7 ? $3 : $7)}' "$LOGS/netlink.$n.log")
  eval "nsfloor_$n=$f netlink_$n=$l"
  echo "floor $n: nsfloor $f ms + netlink $l ms ($(grep '^median:' "$LOGS/netlink.$n.log"))" >&2
}

# sequence N RUN: settle, up, down, up at once, down, clean-up; appends to the size's arrays.
sequence() {
  local n=$1 run=$2 file="$LOGS/$LAB.$1.json" t0 t1 t2 t3 t4 t5
  settle
  t0=$(now_ms)
  "$NSLAB" up "$file" > "$LOGS/up.$n.$run.a.log" 2>&1 || { tail "$LOGS/up.$n.$run.a.log" >&2; exit 3; }
  t1=$(now_ms)
  "$NSLAB" down "$LAB" > "$LOGS/down.$n.$run.a.log" 2>&1 || { tail "$LOGS/down.$n.$run.a.log" >&2; exit 3; }
  t2=$(now_ms)
  "$NSLAB" up "$file" > "$LOGS/up.$n.$run.b.log" 2>&1 || { tail "$LOGS/up.$n.$run.b.log" >&2; exit 3; }
  t3=$(now_ms)
  "$NSLAB" down "$LAB" > "$LOGS/down.$n.$run.b.log" 2>&1 || { tail "$LOGS/down.$n.$run.b.log" >&2; exit 3; }
  t4=$(now_ms)
  netns_destroyed
  t5=$(now_ms)
  check_lab_gone "$LAB"
  eval "up_$n+=($((t1 - t0))) down_$n+=($((t5 - t3))) cycle_$n+=($((t3 - t0))) next_$n+=($((t3 - t2)))"
  echo "$n nodes, run $run: up $((t1 - t0)) ms, down $((t2 - t1)) ms, next up $((t3 - t2)) ms," \
    "down $((t4 - t3)) ms + clean-up $((t5 - t4)) ms" >&2
}

for n in "$SMALL" "$BIG"; do
  bridges_lab "$LAB" "$n" 10.207 > "$LOGS/$LAB.$n.json"
  eval "up_$n=() down_$n=() cycle_$n=() next_$n=()"
done
floor "$SMALL"
floor "$BIG"
for ((run = 1; run <= RUNS_SMALL; run++)); do sequence "$SMALL" "$run"; done
for ((run = 1; run <= RUNS_BIG; run++)); do sequence "$BIG" "$run"; done
check_machine

med() { local -n a=$1; median "${a[@]}"; }
for n in "$SMALL" "$BIG"; do
  eval "fl_$n=\$((nsfloor_$n + netlink_$n))"
  eval "echo \"$n nodes on $(((n + 249) / 250)) bridges: up \$(med up_$n) ms, down+clean-up \$(med down_$n) ms," \
    "up+down+next up \$(med cycle_$n) ms (next up \$(med next_$n) ms); floor \$fl_$n ms" \
    "(nsfloor \$nsfloor_$n + netlink \$netlink_$n)\""
done
echo "ratio up $BIG/$SMALL: $(ratio "$(med up_$BIG)" "$(med up_$SMALL)") (target <= 11)"
echo "ratio down+clean-up $BIG/$SMALL: $(ratio "$(med down_$BIG)" "$(med down_$SMALL)") (target <= 11)"
echo "ratio cycle $BIG/$SMALL: $(ratio "$(med cycle_$BIG)" "$(med cycle_$SMALL)")"
echo "ratio floor $BIG/$SMALL: $(ratio "$((fl_$BIG))" "$((fl_$SMALL))")"
echo "ratio up/floor $BIG: $(ratio "$(med up_$BIG)" "$((fl_$BIG))") (target <= 2)"
echo "ratio up/floor $SMALL: $(ratio "$(med up_$SMALL)" "$((fl_$SMALL))") (target <= 2)"
