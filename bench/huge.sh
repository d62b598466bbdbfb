#!/usr/bin/env bash
# A huge lab (issue 26): N nodes (default 10,000) on bridges of 250 (bridges_lab in lib.sh:
# 40 bridges), up, a sampled pingall (`pingall --sample N --seed 1`), down, and nothing left.
# Prints each time (up, status --json, pingall, down), the memory (the kernel's slab, shared memory
# (tmpfs: the lab's files) and the machine's available memory from
# /proc/meminfo before, while up and after the kernel destroyed the namespaces; the lab's user
# space as Pss of its processes) and the limits a lab of this size meets (read, never raised:
# pid_max, threads-max, open files, inotify, the mount table's size, the neighbour tables).
# Leaves the machine as it found it (checked as big.sh does). Run as root:  bench/huge.sh [N]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-${N:-10000}}
SAMPLE=${SAMPLE:-$N}
LAB=bhuge

need_root
# up keeps at most a quarter of the open-files limit for the lab's namespaces (KernelHandles:
# before, a handle and a socket per namespace for the whole up, and 10,000 nodes met the
# session's 20,000 with EMFILE); the soft limit raised to the hard one, as the JVM does anyway.
ulimit -Sn "$(ulimit -Hn)"
((N <= 256 * 250)) || { echo "$0: at most 64,000 nodes (256 bridges of 250 in one /16)" >&2; exit 3; }
snapshot_machine
file="$LOGS/$LAB.json"
bridges_lab "$LAB" "$N" 10.209 > "$file"
"$NSLAB" --version >/dev/null
trap "echo \"logs: \$LOGS\" >&2; \"\$NSLAB\" down $LAB >/dev/null 2>&1 || true; drop_sentinels" EXIT

meminfo() { awk '/^(MemAvailable|Shmem|Slab|SReclaimable|SUnreclaim):/ {printf "%s %d MB, ", $1, $2 / 1024}' /proc/meminfo | sed 's/, $//'; }
limits() {
  echo "pid_max $(sysctl -n kernel.pid_max), threads-max $(sysctl -n kernel.threads-max)," \
    "processes now $(ls -d /proc/[0-9]* | wc -l), file-nr $(sysctl -n fs.file-nr | tr -s '\t ' /)," \
    "nofile (this shell) $(ulimit -n), inotify instances $(sysctl -n fs.inotify.max_user_instances)," \
    "mount-max $(sysctl -n fs.mount-max), mounts here $(wc -l < /proc/self/mountinfo)," \
    "gc_thresh3 $(sysctl -n net.ipv4.neigh.default.gc_thresh3)"
}

settle
echo "before: $(meminfo)"
echo "limits before: $(limits)"
# A guard for a shared machine: each node costs the kernel about 1-3 MB (most of it its memory
# cgroup's shrinker info, see bench/README or the scale notes), so a lab too big for the machine
# would push it into the OOM killer. When MemAvailable falls under MIN_AVAIL_MB (default a
# tenth of the machine), up is interrupted (SIGTERM: it rolls back) and the run fails.
avail_mb() { awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo; }
MIN_AVAIL_MB=${MIN_AVAIL_MB:-$(awk '/^MemTotal:/ {print int($2 / 10240)}' /proc/meminfo)}
lowest=$(avail_mb)
t0=$(now_ms)
"$NSLAB" up "$file" > "$LOGS/up.log" 2>&1 &
up_pid=$!  # the JVM: the launcher execs it
while kill -0 "$up_pid" 2>/dev/null; do
  a=$(avail_mb)
  ((a < lowest)) && lowest=$a
  if ((a < MIN_AVAIL_MB)); then
    echo "$0: MemAvailable $a MB, under $MIN_AVAIL_MB MB: interrupting up (it rolls back)" >&2
    kill -TERM "$up_pid"
    break
  fi
  sleep 0.5
done
if ! wait "$up_pid"; then tail "$LOGS/up.log" >&2; exit 3; fi
t1=$(now_ms)
echo "lowest MemAvailable during up: $lowest MB"
echo "up: $((t1 - t0)) ms ($N nodes on $(((N + 249) / 250)) bridges)"
echo "limits while up: $(limits)"
echo "while up: $(meminfo)"
mapfile -t pids < <(lab_processes "$LAB")
stamped=$(stamps "${pids[@]}")
kb=$(pss_kb "${pids[@]}")
echo "user space: $((kb / 1024)) MB Pss, ${#pids[@]} processes, $((kb / N)) kB per node"
t=$(now_ms)
"$NSLAB" status --json "$LAB" > "$LOGS/status.json" 2> "$LOGS/status.err" || { tail "$LOGS/status.err" >&2; exit 3; }
echo "status --json: $(($(now_ms) - t)) ms"

# How often the kernel found its neighbour table full (table_fulls, summed over CPUs): the table
# and its limit (gc_thresh3) are the machine's, shared by every namespace.
table_fulls() {
  local sum=0 f
  while read -r -a f; do [[ ${f[0]} == entries ]] || sum=$((sum + 16#${f[12]})); done < /proc/net/stat/arp_cache
  echo "$sum"
}
fulls=$(table_fulls)
t2=$(now_ms)
"$NSLAB" pingall --sample "$SAMPLE" --seed 1 "$LAB" > "$LOGS/pingall.log" 2>&1 && ok=passed || ok="FAILED ($?)"
t3=$(now_ms)
echo "pingall --sample $SAMPLE --seed 1: $((t3 - t2)) ms, $ok: $(tail -1 "$LOGS/pingall.log")"
echo "neighbour table full during pingall: $(($(table_fulls) - fulls)) times (gc_thresh3 $(sysctl -n net.ipv4.neigh.default.gc_thresh3), the machine's)"

settle
t4=$(now_ms)
"$NSLAB" down "$LAB" > "$LOGS/down.log" 2>&1 || { tail "$LOGS/down.log" >&2; exit 3; }
t5=$(now_ms)
netns_destroyed
t6=$(now_ms)
echo "down: $((t5 - t4)) ms, then the kernel's clean-up $((t6 - t5)) ms"
check_lab_gone "$LAB"
check_gone <<< "$stamped" || exit 1
echo "after: $(meminfo)"
check_machine
echo "clean: no state, namespace, mount or process left"
[[ $ok == passed ]]
