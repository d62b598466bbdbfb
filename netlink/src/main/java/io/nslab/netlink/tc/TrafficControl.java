package io.nslab.netlink.tc;

import java.util.ArrayList;
import java.util.List;

import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.Netlink;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.socket.NetlinkSocket;
import io.nslab.netlink.socket.Request;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/**
 * Traffic control (the part of rtnetlink {@code tc} speaks) in one network namespace: root
 * qdiscs for rate (tbf) and delay and loss (netem), and the clsact hook with a classic-BPF
 * filter redirecting to another link. Links are named; each call looks the index up.
 * Deletions tolerate the object being gone.
 */
public final class TrafficControl implements AutoCloseable {
    private static final int RTM_GETLINK = 18, IFLA_IFNAME = 3, IFINFOMSG_LEN = 16;

    private final NetlinkSocket socket;

    private TrafficControl(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens an rtnetlink socket inside {@code netns}. */
    public static TrafficControl open(NetNs netns) {
        return new TrafficControl(netns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE)));
    }

    /** tc qdisc replace dev IF root handle 1: tbf rate R (burst and limit chosen for R, see {@link Tbf}). */
    public void replaceTbf(String ifname, long bitsPerSecond) {
        run(Tbf.replaceRoot(index(ifname), bitsPerSecond), "set rate " + bitsPerSecond + " bit/s on " + ifname + " (tbf)", 0);
    }

    /** tc qdisc replace dev IF (root | parent 1:1) handle 10: netem delay D jitter J loss P. */
    public void replaceNetem(String ifname, boolean underTbf, long delayMicros, long jitterMicros, double loss) {
        run(Netem.replace(index(ifname), underTbf, delayMicros, jitterMicros, loss), "set delay/loss on " + ifname + " (netem)", 0);
    }

    /** tc qdisc del dev IF root; nothing to do when the link has only its default. */
    public void deleteRoot(String ifname) {
        Integer index = indexOrNull(ifname);
        if (index == null) return;
        // ENOENT: no qdisc of ours there (the default one cannot be deleted: the kernel says so with ENOENT too).
        run(RootQdisc.delete(index), "remove the qdisc of " + ifname, Errno.ENOENT);
    }

    public void addClsact(String ifname) {
        run(Clsact.add(index(ifname)), "add clsact to " + ifname, 0);
    }

    /** tc qdisc del dev IF clsact (its filters go with it); nothing to do when there is none. */
    public void deleteClsact(String ifname) {
        Integer index = indexOrNull(ifname);
        if (index == null) return;
        // No clsact there: EINVAL from older kernels, ENOENT ("Cannot find specified qdisc on
        // specified device") from 6.18 (this machine), where `nslab link IF --rate R` failed
        // on every link that had never had a delay line (HelpExamplesTest ran its example).
        try {
            run(Clsact.delete(index), "remove clsact from " + ifname, Errno.EINVAL);
        } catch (SysException e) {
            if (e.errno() != Errno.ENOENT) throw e;
        }
    }

    /** Every packet leaving IF but those marked {@code mark} goes out of {@code target} instead. */
    public void redirectEgressUnlessMarked(String ifname, int mark, String target) {
        run(BpfFilter.addEgressRedirect(index(ifname), 1, ClassicBpf.allButMark(mark), index(target)),
                "redirect " + ifname + " to " + target, 0);
    }

    /** tc qdisc show dev IF. */
    public List<Qdisc> qdiscs(String ifname) {
        int index = index(ifname);
        List<Qdisc> out = new ArrayList<>();
        MessageBuilder request = TcMsg.of(Tc.RTM_GETQDISC, 0, 0, 0, 0, 0, null);
        for (Message m : socket.dump(request, "list qdiscs")) {
            if (m.type() != Tc.RTM_NEWQDISC) continue;
            var body = m.body();
            if (body.getInt(4) != index) continue;
            out.add(new Qdisc(index, m.attributes(Tc.TCMSG_LEN).string(Tc.TCA_KIND), body.getInt(8), body.getInt(12)));
        }
        return out;
    }

    /** The index of the link named IF here (ENODEV if none). */
    public int index(String ifname) {
        MessageBuilder m = new MessageBuilder(RTM_GETLINK, 0);
        m.u8(0).u8(0).u16(0).u32(0).u32(0).u32(0);
        m.attrString(IFLA_IFNAME, ifname);
        return socket.get(m, "find interface " + ifname).body().getInt(4);
    }

    private Integer indexOrNull(String ifname) {
        try {
            return index(ifname);
        } catch (io.nslab.sys.SysException e) {
            if (e.errno() == Errno.ENODEV) return null;
            throw e;
        }
    }

    private void run(MessageBuilder m, String what, int tolerated) {
        socket.execute(new Request(m, what, tolerated));
    }

    @Override
    public void close() {
        socket.close();
    }
}
