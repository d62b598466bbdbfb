#!/usr/bin/env bash
# Captures the golden bytes of RtMessagesTest's veth messages from the reference tool: iproute2's
# own RTM_NEWLINK, as strace shows it sent (x86_64, little-endian), inside throwaway network
# namespaces that it deletes again. Run as root from this directory; it rewrites the *.golden
# files, which are committed with the code they check:
#   sudo ./capture.sh && git diff .
# A .golden file: line 1 the command, line 2 the netns fd ip passed (or -), line 3 the bytes in hex.
set -euo pipefail
cd "$(dirname "$0")"
ns="nst-gold$$" peer="nst-goldp$$"
cleanup() { ip netns del "$ns" 2>/dev/null || true; ip netns del "$peer" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$ns"
ip netns add "$peer"

# capture NAME ARGS...: runs `ip -n NS ARGS` under strace and writes NAME.golden.
capture() {
  local name=$1; shift
  local trace fd hex
  trace=$(strace -f -e trace=sendmsg,openat -e write=all ip -n "$ns" "$@" 2>&1 >/dev/null)
  fd=$(sed -n "s|^openat(AT_FDCWD, \"/run/netns/$peer\", .*) = \([0-9]*\)$|\1|p" <<<"$trace" | tail -1)
  # The hex dump of the first message of type RTM_NEWLINK (0x10) that ip sent.
  hex=$(awk '/^sendmsg\(.*nlmsg_type=0x10 /{on=1; next}
             on && /^ [|] [0-9a-f]+ /{for (i = 3; i <= 18 && $i ~ /^[0-9a-f][0-9a-f]$/; i++) printf "%s", $i; next}
             on && !/^ [*] /{exit}' <<<"$trace")
  [[ -n $hex ]] || { echo "capture.sh: no RTM_NEWLINK sent by: ip $*" >&2; exit 1; }
  printf 'ip %s\n%s\n%s\n' "$*" "${fd:--}" "$hex" | sed "s/$peer/NS/g" > "$name.golden"
}

capture veth-pair link add v9 numtxqueues 1 numrxqueues 1 type veth peer name v10 numtxqueues 1 numrxqueues 1
capture veth-peer-netns link add v11 numtxqueues 1 numrxqueues 1 mtu 1400 type veth \
  peer name v12 numtxqueues 1 numrxqueues 1 mtu 1400 address 02:00:00:00:00:0a netns "$peer"
echo "capture.sh: wrote $(ls ./*.golden | tr '\n' ' ')"
