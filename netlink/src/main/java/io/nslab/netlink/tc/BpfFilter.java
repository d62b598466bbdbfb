package io.nslab.netlink.tc;

import static io.nslab.netlink.msg.Netlink.*;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * A cls_bpf filter on a clsact egress hook running a classic program, with one mirred action:
 * {@code tc filter add dev IF egress prio P handle 1 bpf bytecode '...' action mirred egress
 * redirect dev TARGET}, as tc sends it. Protocol all, so ARP goes the same way as IP.
 */
public final class BpfFilter {
    static final int TCA_BPF_ACT = 1, TCA_BPF_OPS_LEN = 4, TCA_BPF_OPS = 5;
    static final int HANDLE = 1;

    private BpfFilter() {}

    static MessageBuilder addEgressRedirect(int ifindex, int prio, ClassicBpf program, int targetIfindex) {
        MessageBuilder m = TcMsg.of(Tc.RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL, ifindex, HANDLE, Tc.CLSACT_EGRESS,
                info(prio), "bpf");
        int options = m.beginNest(Tc.TCA_OPTIONS);
        int actions = m.beginNest(TCA_BPF_ACT);
        Mirred.egressRedirect(m, 1, targetIfindex);
        m.endNest(actions);
        m.attrU16(TCA_BPF_OPS_LEN, program.program().size());
        m.attr(TCA_BPF_OPS, program.bytes());
        return m.endNest(options);
    }

    static MessageBuilder deleteEgress(int ifindex, int prio) {
        return TcMsg.of(Tc.RTM_DELTFILTER, 0, ifindex, HANDLE, Tc.CLSACT_EGRESS, prio << 16, "bpf"); // any protocol, as tc sends it
    }

    /** tcm_info of a filter: its priority, and the protocol it applies to in network order (ETH_P_ALL). */
    private static int info(int prio) {
        return (prio << 16) | Short.toUnsignedInt(Short.reverseBytes((short) Tc.ETH_P_ALL));
    }
}
