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
    private static final int IFF_LOWER_UP = 0x10000;

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
        ensureTap(netns, rt, ifindex, mark);
        ensureRedirect(tc, ifname, ifindex);
    }

    /** The tap of link {@code ifindex}, made and brought up unless it is there. */
    public static void ensureTap(NetNs netns, Rtnetlink rt, int ifindex, String mark) {
        String tap = tapName(ifindex);
        if (rt.link(tap) != null) return;
        Tap.create(netns, tap);
        if (mark != null) rt.setAlias(tap, mark);
        // No frame of its own may reach the delay line: IPv6 off before it comes up (no
        // router solicitation, no multicast report); it has no IPv4 address, so it sends nothing.
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/sys/net/ipv6"))) {
            Sysctl.set(netns, "net.ipv6.conf." + tap + ".disable_ipv6", "1");
        }
        rt.setUp(tap);
    }

    /** The clsact hook and its filter sending link {@code ifname}'s unmarked frames to its tap, unless they are there. */
    public static void ensureRedirect(TrafficControl tc, String ifname, int ifindex) {
        if (tc.qdiscs(ifname).stream().anyMatch(q -> "clsact".equals(q.kind()))) return;
        tc.addClsact(ifname);
        tc.redirectEgressUnlessMarked(ifname, MARK, tapName(ifindex));
    }

    /**
     * Waits until a delay line reads the tap (a tap has carrier while a program holds it open),
     * so that no frame is redirected to a tap nobody reads. False after {@code timeoutMs}.
     */
    public static boolean awaitReader(Rtnetlink rt, int ifindex, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            var tap = rt.link(tapName(ifindex));
            if (tap != null && (tap.flags() & IFF_LOWER_UP) != 0) return true;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Removes the redirect and the tap of link {@code ifname}; tolerates either being gone. */
    public static void remove(Rtnetlink rt, TrafficControl tc, String ifname, int ifindex) {
        tc.deleteClsact(ifname);
        String tap = tapName(ifindex);
        if (rt.link(tap) != null) rt.deleteLink(tap);
    }
}
