#!/usr/bin/env bash
# Benchmark: `nslab check` of a lab with many checks against its slowest check. N nodes on one
# bridge (default 100) and 2N checks: each node pings the next one, and runs a command that
# sleeps 1 s (one of them 2 s: the slowest check). The checks run together (probes all at once,
# commands up to 256 at a time and 8 per node), so the whole takes about the slowest check; the
# target is the slowest check plus 1 s at most, JVM start included. RUNS runs (default 3);
# prints the medians and, last, "overhead: X.XX s" (nslab check less its slowest check).
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

wall=() slowest=()
for ((run = 1; run <= RUNS; run++)); do
  t0=$(now_ms)
  "$NSLAB" check --json "$LAB" > "$LOGS/check.$run.json" 2> "$LOGS/check.$run.err" || { tail -5 "$LOGS/check.$run.err" "$LOGS/check.$run.json" >&2; exit 1; }
  t1=$(now_ms)
  wall+=($((t1 - t0)))
  slowest+=($(python3 -c 'import json,sys; print(max(c["elapsed_ms"] for c in json.load(open(sys.argv[1]))["checks"]))' "$LOGS/check.$run.json"))
done
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1
check_lab_gone "$LAB"
check_machine

w=$(median "${wall[@]}") s=$(median "${slowest[@]}")
echo "runs: $RUNS, medians; $N nodes, $((2 * N)) checks ($N pings, $N commands)"
echo "nslab check: $w ms (JVM start included)"
echo "its slowest check: $s ms"
echo "overhead: $(awk -v w="$w" -v s="$s" 'BEGIN {printf "%.2f s", (w - s) / 1000}') (target: 1 s at most)"
