package io.nslab.cli.impair;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.sys.Errno;
import io.nslab.netlink.sys.SysException;
import io.nslab.netlink.tc.TrafficControl;
import io.nslab.topology.model.Impairment;

/** One impaired egress made or changed ({@code up}, {@code nslab link}) or cleared ({@code down}): the kernel's side and its state row. */
public final class LiveImpair {
    private LiveImpair() {}

    /** Puts {@code impairment} on the egress of {@code ifname}; returns its row of the impair file. */
    public static ImpairState.Row apply(NetNs ns, Rtnetlink rt, String netns, String ifname, String endpoint, String direction,
                                        Impairment impairment, String mark) {
        try (TrafficControl tc = TrafficControl.open(ns)) {
            String[] how = Impairer.apply(ns, rt, tc, ifname, impairment, mark);
            return new ImpairState.Row(netns, ifname, endpoint, direction, impairment, how[0], how[1]);
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
