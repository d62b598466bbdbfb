package io.nslab.netlink.tc;

/** One queueing discipline of a link, as a dump lists it ({@code tc qdisc show dev IF}): handle and parent as "MAJ:MIN" numbers. */
public record Qdisc(int ifindex, String kind, int handle, int parent) {
    public boolean isRoot() { return parent == Tc.TC_H_ROOT; }
}
