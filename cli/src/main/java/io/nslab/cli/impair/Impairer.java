package io.nslab.cli.impair;

import java.util.List;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.netlink.tc.Netem;
import io.nslab.netlink.tc.Qdisc;
import io.nslab.netlink.tc.Tbf;
import io.nslab.netlink.tc.TrafficControl;
import io.nslab.topology.model.Impairment;

/**
 * Puts an {@link Impairment} on the egress of one link, replacing whatever nslab put there
 * before, in place where it can (a changed rate or delay keeps the packets queued, so TCP
 * connections carry on):
 * <ul>
 *   <li>a rate: {@code tbf} as the root qdisc (handle 1:);</li>
 *   <li>delay, jitter, loss: {@code netem} (handle 10:, under the tbf's class 1:1 or at the root)
 *       where the kernel has it, else the delay line of {@link Fallback}.</li>
 * </ul>
 * Whether the kernel has netem is learnt from its answer to the first netem request
 * (ENOENT, "Specified qdisc kind is unknown", when it has none), once per process.
 */
public final class Impairer {
    private static volatile Boolean netem;

    private Impairer() {}

    /**
     * Applies {@code impairment} (NONE: clears) to {@code ifname}; returns how delay and loss are
     * made ({@link ImpairState.Via}) and the delay line's tap, if any: the row's last two fields.
     */
    public static String[] apply(NetNs netns, Rtnetlink rt, TrafficControl tc, String ifname, Impairment impairment, String mark) {
        return apply(netns, rt, tc, ifname, impairment, mark, true);
    }

    /**
     * As above; with {@code redirect} false a new delay line gets its tap but not yet its redirect:
     * the caller adds it ({@link Fallback#ensureRedirect}) once the supervisor reads the tap, so a
     * live change drops no frame.
     */
    public static String[] apply(NetNs netns, Rtnetlink rt, TrafficControl tc, String ifname, Impairment impairment, String mark,
                                 boolean redirect) {
        int index = tc.index(ifname);
        List<Qdisc> qdiscs = tc.qdiscs(ifname);
        Qdisc root = qdiscs.stream().filter(Qdisc::isRoot).findFirst().orElse(null);
        boolean ourTbf = root != null && root.handle() == Tbf.HANDLE && "tbf".equals(root.kind());
        boolean ourNetemRoot = root != null && root.handle() == Netem.HANDLE && "netem".equals(root.kind());
        boolean netemChild = qdiscs.stream().anyMatch(q -> "netem".equals(q.kind()) && q.parent() == Tbf.CLASS);
        boolean wantDelay = impairment.delaysOrDrops();
        boolean useNetem = wantDelay && !Boolean.FALSE.equals(netem);

        // A different shape (rate added or removed, netem dropped from under a tbf) is built anew.
        boolean sameShape = impairment.hasRate() ? ourTbf && (netemChild == useNetem) : !ourTbf && (ourNetemRoot == useNetem);
        if (!sameShape && (ourTbf || ourNetemRoot)) tc.deleteRoot(ifname);
        if (impairment.hasRate()) tc.replaceTbf(ifname, impairment.rateBits());
        String via = ImpairState.Via.NONE;
        if (useNetem) {
            try {
                tc.replaceNetem(ifname, impairment.hasRate(), impairment.delayMicros(), impairment.jitterMicros(), impairment.lossPercent() / 100);
                netem = Boolean.TRUE;
                via = ImpairState.Via.NETEM;
            } catch (SysException e) {
                if (e.errno() != Errno.ENOENT) throw e;
                netem = Boolean.FALSE;
            }
        }
        String tap = null;
        if (wantDelay && via.equals(ImpairState.Via.NONE)) {
            Fallback.ensureTap(netns, rt, index, mark);
            if (redirect) Fallback.ensureRedirect(tc, ifname, index);
            via = ImpairState.Via.DELAYLINE;
            tap = Fallback.tapName(index);
        } else {
            Fallback.remove(rt, tc, ifname, index);
        }
        return new String[] {via, tap};
    }

    /** Whether this kernel has netem: known after the first netem request of this process, else null. */
    public static Boolean netemKnown() {
        return netem;
    }
}
