package io.nslab.netlink.tc;

import static io.nslab.netlink.msg.Netlink.*;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * {@code tc qdisc add|del dev IF clsact}: not a queue but the two hooks (ingress, egress) that
 * filters attach to, before the root qdisc; it lives beside whatever root qdisc the link has.
 */
public final class Clsact {
    private Clsact() {}

    static MessageBuilder add(int ifindex) {
        return TcMsg.of(Tc.RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, ifindex, Tc.CLSACT_HANDLE, Tc.TC_H_CLSACT, 0, "clsact");
    }

    static MessageBuilder delete(int ifindex) {
        return TcMsg.of(Tc.RTM_DELQDISC, 0, ifindex, Tc.CLSACT_HANDLE, Tc.TC_H_CLSACT, 0, "clsact");
    }
}
