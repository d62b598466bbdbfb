package io.nslab.cli.impair;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.netlink.tc.TrafficControl;
import io.nslab.topology.model.Impairment;

/** One impaired egress made or changed ({@code up}, {@code nslab link}) or cleared ({@code down}): the kernel's side and its state row. */
public final class LiveImpair {
    private LiveImpair() {}

    /** Puts {@code impairment} on the egress of {@code ifname}; returns its row of the impair file. */
    public static ImpairState.Row apply(NetNs ns, Rtnetlink rt, String netns, String ifname, String endpoint, String direction,
                                        Impairment impairment, String mark) {
        return apply(ns, rt, netns, ifname, endpoint, direction, impairment, mark, true);
    }

    /** As above; {@code redirect} false: see {@link Impairer#apply(NetNs, Rtnetlink, TrafficControl, String, Impairment, String, boolean)}. */
    public static ImpairState.Row apply(NetNs ns, Rtnetlink rt, String netns, String ifname, String endpoint, String direction,
                                        Impairment impairment, String mark, boolean redirect) {
        try (TrafficControl tc = TrafficControl.open(ns)) {
            String[] how = Impairer.apply(ns, rt, tc, ifname, impairment, mark, redirect);
            return new ImpairState.Row(netns, ifname, endpoint, direction, impairment, how[0], how[1]);
        }
    }

    /** Once a delay line reads the tap of {@code ifname} (at most 10 s), sends the link's frames to it. */
    public static void redirectWhenRead(NetNs ns, Rtnetlink rt, String ifname) {
        try (TrafficControl tc = TrafficControl.open(ns)) {
            int index = tc.index(ifname);
            if (!Fallback.awaitReader(rt, index, 10_000)) {
                throw new IllegalStateException("no delay line reads the tap of " + ifname + " (see the lab's supervisor.log)");
            }
            Fallback.ensureRedirect(tc, ifname, index);
        }
    }

    /** Removes whatever nslab put on the egress of {@code ifname}; nothing to do when the link is gone. */
    public static void clear(NetNs ns, Rtnetlink rt, String ifname) {
        try (TrafficControl tc = TrafficControl.open(ns)) {
            Impairer.apply(ns, rt, tc, ifname, Impairment.NONE, null);
        } catch (SysException e) {
            if (e.errno() != Errno.ENODEV) throw e;
        }
    }
}
