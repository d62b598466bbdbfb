#!/usr/bin/env bash
# Benchmark: `nslab check` of a lab with many checks against its slowest check. N nodes on one
# bridge (default 100) and 2N checks: each node pings the next one, and runs a command that
# sleeps 1 s (one of them 2 s: the slowest check). The checks run together (probes all at once,
# commands up to 256 at a time and 8 per node), so the whole takes about the slowest check; the
# target is the slowest check plus 1 s at most, JVM start included. RUNS runs (default 3);
# prints the medians (and, for comparison, the same with the JDK's default process launch) and,
# last, "overhead: X.XX s" (nslab check less its slowest check).
# Run as root:  bench/check.sh [N]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-100}}
LAB=bcheck

need_root
snapshot_machine
prepare_lab "$LAB" "$N" 10.206
# The same lab with its checks added.
python3 - "$file" "$N" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
lab = json.load(open(path))
checks = [{"from": f"n{i}", "ping": f"n{i % n + 1}"} for i in range(1, n + 1)]
checks += [{"from": f"n{i}", "exec": "sleep 2" if i == n else "sleep 1", "timeout_ms": 10000} for i in range(1, n + 1)]
lab["checks"] = checks
json.dump(lab, open(path, "w"))
PY
"$NSLAB" up "$file" > "$LOGS/up.log" 2>&1 || { cat "$LOGS/up.log" >&2; exit 3; }

# Each run times nslab check twice: as it is, and with processes started the JDK's default way
# (posix_spawn of jspawnhelper, which then execs the command: ProcessLaunch), in turn.
wall=() slowest=() spawn_wall=() spawn_slowest=()
# check_once OUT_PREFIX [JAVA_OPTS]: one timed `nslab check`; sets $took and $slow.
check_once() {
  local t0 t1 log=$LOGS/check.$1
  t0=$(now_ms)
  NSLAB_JAVA_OPTS=${2:-} "$NSLAB" check --json "$LAB" > "$log.json" 2> "$log.err" || { tail -5 "$log.err" "$log.json" >&2; exit 1; }
  t1=$(now_ms)
  took=$((t1 - t0))
  slow=$(python3 -c 'import json,sys; print(max(c["elapsed_ms"] for c in json.load(open(sys.argv[1]))["checks"]))' "$log.json")
}
for ((run = 1; run <= RUNS; run++)); do
  check_once "$run"
  wall+=("$took") slowest+=("$slow")
  check_once "spawn.$run" -Djdk.lang.Process.launchMechanism=POSIX_SPAWN
  spawn_wall+=("$took") spawn_slowest+=("$slow")
done
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1
check_lab_gone "$LAB"
check_machine

w=$(median "${wall[@]}") s=$(median "${slowest[@]}")
sw=$(median "${spawn_wall[@]}") ss=$(median "${spawn_slowest[@]}")
seconds() { awk -v w="$1" -v s="$2" 'BEGIN {printf "%.2f s", (w - s) / 1000}'; }
echo "runs: $RUNS, medians; $N nodes, $((2 * N)) checks ($N pings, $N commands)"
echo "with posix_spawn (the JDK's default): nslab check $sw ms, slowest check $ss ms, overhead $(seconds "$sw" "$ss")"
echo "nslab check: $w ms (JVM start included)"
echo "its slowest check: $s ms"
echo "overhead: $(seconds "$w" "$s") (target: 1 s at most)"
