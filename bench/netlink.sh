#!/usr/bin/env bash
# Benchmark: the netlink library against `ip -batch` building the same thing in a throwaway
# network namespace: a bridge, 1,000 veth pairs aN/bN, each aN a bridge port, both ends up,
# each bN with an address. Alternating, 3 runs each; prints the medians and, last,
# "ratio: X.XX" (library time / ip -batch time). Run as root from anywhere.
#
# Timed: for ip, the `ip -batch` process from start to exit; for the library, from opening
# its socket to the last ACK, measured inside the JVM (JVM start-up is not timed, the
# library's first use, cold JIT included, is). Creating and deleting the namespaces is not timed.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-1000}
RUNS=${RUNS:-3}

[[ $(id -u) == 0 ]] || { echo "bench/netlink.sh: needs root" >&2; exit 3; }
cp_file=$(mktemp)
batch=$(mktemp)
ns=""
cleanup() {
  [[ -n "$ns" ]] && ip netns delete "$ns" 2>/dev/null || true
  rm -f "$cp_file" "$batch"
}
trap cleanup EXIT
# One reactor build: the syscall module (sys) resolves to its classes; the last module written is netlink.
mvn -q -B -ntp -o -pl netlink -am test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
CP="netlink/target/classes:netlink/target/test-classes:$(cat "$cp_file")"

# The same operations as VethBench, in ip's batch syntax.
{
  echo "link add br0 type bridge"
  echo "link set br0 up"
  for ((i = 0; i < COUNT; i++)); do echo "link add a$i type veth peer name b$i"; done
  for ((i = 0; i < COUNT; i++)); do
    echo "link set a$i master br0"
    echo "link set a$i up"
    echo "link set b$i up"
    echo "addr add 10.$((i / 250)).$((i % 250)).1/24 dev b$i"
  done
} > "$batch"

fresh_ns() { ns="nst-bench-$RANDOM$RANDOM"; ip netns add "$ns"; }
done_ns() { ip netns delete "$ns"; ns=""; }
check() { # the result must be complete, whoever built it
  local ports addrs
  ports=$(ip -n "$ns" -o link show master br0 | wc -l)
  addrs=$(ip -n "$ns" -o -4 addr show | grep -c ' 10\.' || true)
  [[ $ports == "$COUNT" && $addrs == "$COUNT" ]] || { echo "bench: $1 built $ports ports, $addrs addresses" >&2; exit 1; }
}

lib=() ipb=()
for ((run = 1; run <= RUNS; run++)); do
  fresh_ns
  ms=$(java -cp "$CP" io.nslab.netlink.bench.VethBench "$ns" "$COUNT")
  check library; done_ns; lib+=("$ms")

  fresh_ns
  t0=$(date +%s%N)
  ip -n "$ns" -batch "$batch"
  t1=$(date +%s%N)
  check ip; done_ns; ipb+=($(( (t1 - t0) / 1000000 )))
  echo "run $run: library ${lib[-1]} ms, ip -batch ${ipb[-1]} ms"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
ml=$(median "${lib[@]}")
mi=$(median "${ipb[@]}")
echo "timed: building a bridge + $COUNT veth pairs (bridge ports, up, one address each) in a fresh netns"
echo "median: library $ml ms, ip -batch $mi ms"
awk -v l="$ml" -v i="$mi" 'BEGIN { printf "ratio: %.2f\n", l / i }'
