#!/usr/bin/env bash
# Benchmark: services at scale (issue 26). N nodes (default 1,000) on one bridge, each with an
# http service on port 80, against the same lab without services, in one run: the up time of
# each, whether every service answers (N http checks, one to each node, from the next node:
# `nslab check`, all in parallel; those the machine's neighbour table stops are asked again one
# at a time, see below), and the services supervisor's memory (Pss and RSS of its
# process: one JVM serves every node's services from inside their network namespaces). The
# target: the supervisor under 150 MB. Leaves the machine as it found it.
# Run as root:  bench/services.sh [N]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-1000}}
PLAIN=bsvp LAB=bsvc

need_root
snapshot_machine
plain="$LOGS/$PLAIN.json" file="$LOGS/$LAB.json"
bridge_lab "$PLAIN" "$N" 10.207 > "$plain"
bridge_lab "$LAB" "$N" 10.208 > "$file"
python3 - "$file" "$N" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
lab = json.load(open(path))
for node in lab["nodes"].values():
    node["services"] = [{"type": "http", "port": 80}]
lab["checks"] = [{"from": f"n{i % n + 1}", "http": f"http://n{i}/", "expect": {"body_contains": f'"hostname":"n{i}"'},
                  "timeout_ms": 20000} for i in range(1, n + 1)]
json.dump(lab, open(path, "w"))
PY
"$NSLAB" --version >/dev/null
trap 'echo "logs: $LOGS" >&2; "$NSLAB" down $PLAIN >/dev/null 2>&1 || true; "$NSLAB" down $LAB >/dev/null 2>&1 || true' EXIT

settle
t0=$(now_ms)
"$NSLAB" up "$plain" > "$LOGS/up-plain.log" 2>&1 || { tail "$LOGS/up-plain.log" >&2; exit 3; }
t1=$(now_ms) plain_ms=$((t1 - t0))
"$NSLAB" down "$PLAIN" > "$LOGS/down-plain.log" 2>&1 || { tail "$LOGS/down-plain.log" >&2; exit 3; }
check_lab_gone "$PLAIN"

settle
t0=$(now_ms)
"$NSLAB" up "$file" > "$LOGS/up.log" 2>&1 || { tail "$LOGS/up.log" >&2; exit 3; }
t1=$(now_ms) svc_ms=$((t1 - t0))
sup=$(awk -F'\t' '$1 == "process" && $2 == "supervisor" {print $3}' "/run/nslab/$LAB/journal")
[[ -n $sup ]] || { echo "$0: no supervisor in the journal" >&2; exit 1; }
t0=$(now_ms)
"$NSLAB" check "$LAB" > "$LOGS/check.log" 2>&1 || true
t1=$(now_ms) check_ms=$((t1 - t0))
passed=$(grep -c '^PASS' "$LOGS/check.log" || true)
# What the check could not reach, one at a time: N probes at once on one segment need about 2N
# neighbour (ARP) entries, and the kernel keeps at most net.ipv4.neigh.default.gc_thresh3 for
# every namespace of the machine together (a machine setting this bench does not change); past
# it, new entries wait for old ones to be unused for 5 s. So after 6 s, each remaining service
# is asked alone (curl from the node the check asked from).
alone=0
mapfile -t missed < <(awk '/^FAIL/ {sub(/:$/, "", $4); print $4, $6}' "$LOGS/check.log")
if (( ${#missed[@]} )); then
  sleep 6
  for pair in "${missed[@]}"; do
    read -r from url <<< "$pair"
    "$NSLAB" exec "$from" curl -s -m 5 "$url" 2>/dev/null | grep -q '"hostname"' && alone=$((alone + 1))
  done
fi
pss=$(awk '/^Pss:/ {print $2}' "/proc/$sup/smaps_rollup")
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$sup/status")
threads=$(awk '/^Threads:/ {print $2}' "/proc/$sup/status")
cp "/run/nslab/$LAB/supervisor.log" "$LOGS/" 2>/dev/null || true
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1 || { tail "$LOGS/down.log" >&2; exit 3; }
check_lab_gone "$LAB"
check_machine

echo "nodes: $N on one bridge"
echo "up without services: $plain_ms ms"
echo "up with an http service on every node: $svc_ms ms ($(awk -v a="$svc_ms" -v b="$plain_ms" 'BEGIN {printf "%.2f", a / b}')x)"
echo "services answering: $((passed + alone)) of $N ($passed to nslab check at once, in $check_ms ms; $alone more asked one at a time)"
(( passed == N )) || echo "  the check's other probes met the machine's neighbour table: gc_thresh3=$(cat /proc/sys/net/ipv4/neigh/default/gc_thresh3) entries for all namespaces together, two per conversation (to raise it: sysctl -w net.ipv4.neigh.default.gc_thresh3=$((4 * N)))"
echo "supervisor: $((pss / 1024)) MB Pss, $((rss / 1024)) MB RSS, $threads threads (target: under 150 MB)"
(( passed + alone == N )) || { echo "$0: not every service answered (see $LOGS/check.log)" >&2; exit 1; }
