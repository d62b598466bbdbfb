#!/usr/bin/env bash
# Benchmark: the latency of `nslab exec NODE true` (a fresh launcher each time, which enters
# all the node's namespaces and runs true under it: the plain form starts no JVM), against
# entering the same namespaces without nslab: `nsenter --all --target INIT true` (the node's six
# namespaces) and `ip netns exec LAB-NODE true` (its network namespace only); and the same
# exec through the JVM (what every exec cost before the launcher ran the plain form itself,
# forced here with NSLAB_JAVA_OPTS). COUNT runs each (default 20), alternating; prints the
# medians and, last, "ratio: X.XX" (nslab exec / nsenter; the target is <= 2).
# Run as root:  bench/exec.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-20}
LAB=bexec

need_root
snapshot_machine
prepare_lab "$LAB" 2 10.204
"$NSLAB" up "$file" > "$LOGS/up.log" 2>&1 || { cat "$LOGS/up.log" >&2; exit 3; }
init=$(awk -F'\t' '$1 == "process" && $2 == "node:n1" {print $3}' "/run/nslab/$LAB/journal")

nslab=() nsent=() ipns=() viajvm=()
for ((i = 1; i <= COUNT; i++)); do
  t0=$(date +%s%N)
  "$NSLAB" exec -l "$LAB" n1 true
  t1=$(date +%s%N)
  nsenter --all --target "$init" true
  t2=$(date +%s%N)
  ip netns exec "$LAB-n1" true
  t3=$(date +%s%N)
  NSLAB_JAVA_OPTS=-Dnslab.bench=jvm "$NSLAB" exec -l "$LAB" n1 true
  t4=$(date +%s%N)
  nslab+=($(((t1 - t0) / 1000))) nsent+=($(((t2 - t1) / 1000))) ipns+=($(((t3 - t2) / 1000))) viajvm+=($(((t4 - t3) / 1000)))
done
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1
check_lab_gone "$LAB"
check_machine

ms() { awk -v us="$1" 'BEGIN {printf "%.1f ms", us / 1000}'; }
echo "runs: $COUNT each, medians"
echo "nslab exec n1 true: $(ms "$(median "${nslab[@]}")")"
echo "nsenter --all --target INIT true: $(ms "$(median "${nsent[@]}")")"
echo "ip netns exec $LAB-n1 true: $(ms "$(median "${ipns[@]}")")"
echo "nslab exec n1 true through the JVM: $(ms "$(median "${viajvm[@]}")") (ratio $(ratio "$(median "${viajvm[@]}")" "$(median "${nsent[@]}")"))"
echo "ratio: $(ratio "$(median "${nslab[@]}")" "$(median "${nsent[@]}")")"
