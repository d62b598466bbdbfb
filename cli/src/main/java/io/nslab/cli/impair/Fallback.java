package io.nslab.cli.impair;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.Sysctl;
import io.nslab.netlink.tap.Tap;
import io.nslab.netlink.tc.TrafficControl;

/**
 * The kernel half of delay and loss without netem: a tap beside the impaired link, and on the
 * link's egress a clsact hook whose classic-BPF filter sends every frame not carrying
 * {@link #MARK} to the tap (mirred redirect). A {@link DelayLine} reads the tap and sends the
 * frames out of the link again with the mark, so they pass the filter and go on to the link's
 * root qdisc (tbf, for a rate). An unimpaired link has none of this: no cost.
 *
 * <pre>
 * ip tuntap add dev nsdIDX mode tap; ip link set nsdIDX up
 * tc qdisc add dev IF clsact
 * tc filter add dev IF egress prio 1 handle 1 bpf bytecode '4,32 0 0 4294963208,21 0 1 MARK,6 0 0 0,6 0 0 4294967295' \
 *     action mirred egress redirect dev nsdIDX
 * </pre>
 */
public final class Fallback {
    /** The mark of frames a delay line sends ("nslb"): nothing else in a lab sets marks. */
    public static final int MARK = 0x6e736c62;

    private Fallback() {}

    /** The tap of link IF: "nsd" and the link's index, unique in its namespace and under 16 characters. */
    public static String tapName(int ifindex) {
        return "nsd" + ifindex;
    }

    /**
     * Makes the tap and the redirect for link {@code ifname} (whose index is {@code ifindex})
     * unless they are there. The tap carries {@code mark} (the lab's, see LabMark) as its alias,
     * or none when null.
     */
    public static void install(NetNs netns, Rtnetlink rt, TrafficControl tc, String ifname, int ifindex, String mark) {
        String tap = tapName(ifindex);
        if (rt.link(tap) == null) {
            Tap.create(netns, tap);
            if (mark != null) rt.setAlias(tap, mark);
            // No frame of its own may reach the delay line: IPv6 off before it comes up (no
            // router solicitation, no multicast report), no ARP (it has no address anyway).
            if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/sys/net/ipv6"))) {
                Sysctl.set(netns, "net.ipv6.conf." + tap + ".disable_ipv6", "1");
            }
            rt.setUp(tap);
        }
        if (tc.qdiscs(ifname).stream().noneMatch(q -> "clsact".equals(q.kind()))) {
            tc.addClsact(ifname);
            tc.redirectEgressUnlessMarked(ifname, MARK, tap);
        }
    }

    /** Removes the redirect and the tap of link {@code ifname}; tolerates either being gone. */
    public static void remove(Rtnetlink rt, TrafficControl tc, String ifname, int ifindex) {
        tc.deleteClsact(ifname);
        String tap = tapName(ifindex);
        if (rt.link(tap) != null) rt.deleteLink(tap);
    }
}
