# Shared by the bench/ scripts (sourced, not run): root and tools, the Mininet sandbox, the
# machine's state before and after, generated labs, timing and medians.
#
# Mininet is built to own the machine: it makes its switch bridges and veths in the network
# namespace it runs in, raises machine-wide sysctls (fixLimits: fs.file-max, net.core.*,
# the neighbour table's gc_thresh, kernel.pty.max), and its cleanup after an error kills
# processes by name (killall, pkill -f) and deletes /tmp/*.log. On a shared machine every
# `mn` therefore runs in a sandbox of its own: new network, PID and mount namespaces, /proc
# remounted for that PID namespace (so killall/pkill only see Mininet's own processes),
# /proc/sys read-only (its sysctl writes fail; it warns and goes on), a private /tmp and
# HOME. `mn -c` is never run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NSLAB="$ROOT/nslab"
RUNS=${RUNS:-3}
LOGS=$(mktemp -d /tmp/nslab-bench.XXXXXX)

need_root() {
  [[ $(id -u) == 0 ]] || { echo "$0: needs root (it builds namespaces)" >&2; exit 3; }
}

need_mininet() {
  command -v mn >/dev/null && command -v brctl >/dev/null && return
  echo "$0: installing Mininet (apt-get install mininet bridge-utils; Open vSwitch not needed: --switch lxbr)" >&2
  apt-get install -y -qq --no-install-recommends mininet bridge-utils >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends mininet bridge-utils >/dev/null; }
}

# mn_sandboxed ARGS...: runs `mn ARGS...` in the sandbox described above; its output goes to
# the file named by $MN_LOG. Returns mn's exit code.
mn_sandboxed() {
  unshare --net --pid --fork --mount --mount-proc --propagation private sh -c '
    mount --bind -o ro /proc/sys /proc/sys &&
    mount -t tmpfs -o size=64m,mode=1777 tmpfs /tmp &&
    ip link set lo up && HOME=/tmp exec mn "$@"' mn-sandbox "$@" >"$MN_LOG" 2>&1
}

# The sandbox must hold: a write to /proc/sys fails in it, and it sees none of the machine's interfaces.
prove_sandbox() {
  local out
  out=$(unshare --net --pid --fork --mount --mount-proc --propagation private sh -c '
    mount --bind -o ro /proc/sys /proc/sys &&
    v=$(cat /proc/sys/kernel/pty/max);  # written back unchanged: harmless even if the sandbox leaked
    if { echo "$v" > /proc/sys/kernel/pty/max; } 2>/dev/null; then echo WRITABLE; else echo read-only; fi;
    ip -o link | wc -l; echo $$')
  [[ $out == $'read-only\n1\n1' ]] || { echo "$0: the Mininet sandbox does not hold: $out" >&2; exit 3; }
}

# What Mininet would change if it escaped, and what nslab must leave as it was.
SYSCTLS="kernel.pty.max fs.file-max net.core.wmem_max net.core.rmem_max net.core.netdev_max_backlog
  net.ipv4.tcp_rmem net.ipv4.tcp_wmem net.ipv4.neigh.default.gc_thresh1 net.ipv4.neigh.default.gc_thresh2
  net.ipv4.neigh.default.gc_thresh3 net.ipv4.route.max_size net.ipv4.ip_forward"
machine_state() {
  ip -o link show | awk -F': ' '{print $2}' | sort
  for k in $SYSCTLS; do echo "$k = $(sysctl -n "$k" | tr -s '\t ' ' ')"; done
}
snapshot_machine() { machine_state > "$LOGS/machine.before"; }
check_machine() {
  machine_state > "$LOGS/machine.after"
  if ! diff -u "$LOGS/machine.before" "$LOGS/machine.after" >&2; then
    echo "$0: the machine's interfaces or sysctls changed during the benchmark (see above)" >&2
    exit 3
  fi
  echo "machine: interfaces and sysctls unchanged (${SYSCTLS//$'\n'/ })" | tr -s ' ' >&2
}

# bridge_lab NAME N SUBNET_PREFIX: a lab of N nodes n1..nN on one bridge br0 (addresses from
# its /16, in file order), the same shape as Mininet's --topo single,N.
bridge_lab() {
  local name=$1 n=$2 i
  {
    printf '{"name":"%s","bridges":{"br0":{"subnet":"%s.0.0/16"}},"nodes":{' "$name" "$3"
    for ((i = 1; i <= n; i++)); do
      printf '%s"n%d":{"interfaces":{"eth0":{"bridge":"br0"}}}' "$([[ $i == 1 ]] || echo ,)" "$i"
    done
    printf '}}\n'
  }
}

# bridges_lab NAME N PREFIX [PER]: a lab of N nodes n1..nN on ceil(N/PER) bridges br0, br1...
# of PER nodes each (default 250, issue 26's shape), bridge b on PREFIX.b.0/24 (so PREFIX is
# two octets and N/PER at most 256), nodes in file order: n1..nPER on br0, and so on.
bridges_lab() {
  local name=$1 n=$2 prefix=$3 per=${4:-250} i b
  local bridges=$(((n + per - 1) / per))
  {
    printf '{"name":"%s","bridges":{' "$name"
    for ((b = 0; b < bridges; b++)); do
      printf '%s"br%d":{"subnet":"%s.%d.0/24"}' "$([[ $b == 0 ]] || echo ,)" "$b" "$prefix" "$b"
    done
    printf '},"nodes":{'
    for ((i = 1; i <= n; i++)); do
      printf '%s"n%d":{"interfaces":{"eth0":{"bridge":"br%d"}}}' "$([[ $i == 1 ]] || echo ,)" "$i" $(((i - 1) / per))
    done
    printf '}}\n'
  }
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# settle: waits (at most 30 s) until the machine is nearly idle: busy under 10% of its CPU time
# over half a second. Deleting a network namespace returns at once and the kernel tears it
# down later, on its own threads: a hundred of them, left by the previous run of either tool,
# would otherwise be torn down during the next one's timing.
settle() {
  local i a b busy total
  for ((i = 0; i < 60; i++)); do
    read -ra a < /proc/stat
    sleep 0.5
    read -ra b < /proc/stat
    total=0
    for j in 1 2 3 4 5 6 7 8; do total=$((total + b[j] - a[j])); done
    busy=$((total - (b[4] - a[4]) - (b[5] - a[5])))
    ((total > 0 && busy * 10 < total)) && return 0
  done
  echo "$0: the machine did not settle in 30 s; timing anyway" >&2
}

# netns_destroyed: waits (at most 300 s) until the kernel has destroyed the network namespaces
# released so far (a `down` returns before: the kernel destroys them later, on its own threads).
# It destroys them in order, on one work queue: a sentinel namespace released after them is
# destroyed after them. The sentinel holds one end of a veth pair whose other end lives in a
# second namespace; when the kernel destroys the sentinel, the pair goes, and its end in the
# second namespace with it. Both are named $SENT[ab]: a script's EXIT trap deletes them.
SENT=bsent$$
netns_destroyed() {
  local i
  ip netns add "${SENT}a" && ip netns add "${SENT}b"
  ip -n "${SENT}a" link add s0 type veth peer name s1 netns "${SENT}b"
  ip netns delete "${SENT}a"
  for ((i = 0; i < 6000; i++)); do
    ip -n "${SENT}b" link show s1 >/dev/null 2>&1 || break
    sleep 0.05
  done
  ip netns delete "${SENT}b"
  ((i < 6000)) || echo "$0: the kernel had not destroyed the namespaces after 300 s" >&2
}
drop_sentinels() { ip netns delete "${SENT}a" 2>/dev/null || true; ip netns delete "${SENT}b" 2>/dev/null || true; }

# median VALUES...: the median (the lower middle one for an even count), integers.
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f\n", a / b}'; }

# pss_kb PID...: the sum of their proportional set sizes (shared pages split among sharers).
# One cat and one awk for them all: an awk per process took minutes for a 10,000-node lab.
pss_kb() {
  (($#)) || { echo 0; return; }
  { printf '/proc/%s/smaps_rollup\n' "$@" | xargs cat 2>/dev/null || true; } | awk '/^Pss:/ {s += $2} END {print s + 0}'
}

# lab_inits LAB: the PIDs of the processes a running lab started (node inits, the
# supervisor), as its journal records them ("process WHAT PID STARTTIME").
lab_inits() {
  awk -F'\t' '$1 == "process" {print $3}' "/run/nslab/$1/journal"
}

# lab_processes LAB: the PIDs of a running lab's user space: each node's init with every
# descendant and its nslab-init parent, and the supervisor.
# "PID START STATE" of each process (START: field 22 of its stat, ticks since boot), read by one
# awk: a later check compares start times, so a PID the kernel gave to another process meanwhile
# (other users of a shared machine start many) is not taken for one of the lab's.
stamps() {
  (($#)) || return 0
  local p files=()
  for p in "$@"; do files+=("/proc/$p/stat"); done
  # cat goes on past a process gone meanwhile (an awk would stop); a name may hold spaces and
  # parentheses, so the fields are counted from after its last ") ".
  { cat "${files[@]}" 2>/dev/null || true; } | awk '{pid = $1; sub(/.*\) /, ""); print pid, $20, $1}'
}

# Fails, naming it, if a process of a stamps list (on stdin) still runs: the same PID, started at
# the same time, not a zombie (an init that exited waits, a zombie, until the machine's init
# collects it, which nslab cannot do for it).
check_gone() {
  local before p t s
  before=$(cat)
  [[ -n $before ]] || return 0
  while read -r p t s; do
    [[ $s != Z ]] && grep -q "^$p $t " <<< "$before" && { echo "$0: process $p is still there ($s)" >&2; return 1; }
  done < <(stamps $(awk '{print $1}' <<< "$before"))
  return 0
}

lab_processes() {
  local pid
  local -a roots=()
  for pid in $(lab_inits "$1"); do
    roots+=("$pid")
    local parent
    parent=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null || true)
    [[ -n $parent && $(cat "/proc/$parent/comm" 2>/dev/null) == nslab-init ]] && roots+=("$parent")
  done
  ((${#roots[@]})) || return 0
  # Every process, as "pid ppid"; then everything below the roots.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{print $1, $4}' |
    awk -v roots="${roots[*]}" 'BEGIN {n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1}
      {parent[$1] = $2} END {changed = 1; while (changed) {changed = 0
        for (p in parent) if (!(p in keep) && (parent[p] in keep)) {keep[p] = 1; changed = 1}}
        for (p in keep) print p}' | sort -n
}

# Nothing of lab LAB may be left: no state, no namespace, no mount, no process.
check_lab_gone() {
  local lab=$1 left=""
  [[ -e /run/nslab/$lab ]] && left+=" state:/run/nslab/$lab"
  ip netns list | awk '{print $1}' | grep -qE "^$lab(-|$)" && left+=" netns:$(ip netns list | awk '{print $1}' | grep -cE "^$lab(-|$)")"
  grep -qE "/run/(netns/$lab(-| |$)|nslab/$lab/)" /proc/self/mountinfo && left+=" mounts"
  [[ -z $left ]] || { echo "$0: lab $lab left behind:$left" >&2; return 1; }
}

# prepare_lab LAB N PREFIX: a bridge lab of N nodes in $LOGS/LAB.json (its path in $file),
# nslab built outside any timing, and the lab taken down on exit, however the script ends.
prepare_lab() {
  file="$LOGS/$1.json"
  bridge_lab "$1" "$2" "$3" > "$file"
  "$NSLAB" --version >/dev/null
  trap "echo \"logs: \$LOGS\" >&2; \"\$NSLAB\" down $1 >/dev/null 2>&1 || true" EXIT
}
