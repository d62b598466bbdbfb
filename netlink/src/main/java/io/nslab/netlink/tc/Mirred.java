package io.nslab.netlink.tc;

import static io.nslab.netlink.msg.Netlink.NLA_F_NESTED;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * The mirred action: {@code action mirred egress redirect dev TARGET}, written inside a
 * filter's action list as tc writes it (the kind, then struct tc_mirred in a nest tc flags
 * NLA_F_NESTED). The packet is stolen from its link and sent out of TARGET instead.
 */
public final class Mirred {
    static final int TCA_ACT_KIND = 1, TCA_ACT_OPTIONS = 2, TCA_MIRRED_PARMS = 2;
    static final int TC_ACT_STOLEN = 4, TCA_EGRESS_REDIR = 1;

    private Mirred() {}

    /** Writes the action as entry {@code order} (1 for the first) of an open action list. */
    static void egressRedirect(MessageBuilder m, int order, int targetIfindex) {
        int action = m.beginNest(order);
        m.attr(TCA_ACT_KIND, Arrays.copyOf("mirred".getBytes(StandardCharsets.US_ASCII), 7));
        int options = m.beginNest(TCA_ACT_OPTIONS | NLA_F_NESTED);
        ByteBuffer parms = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        // tc_gen (index, capab, action, refcnt, bindcnt), eaction, ifindex
        parms.putInt(0).putInt(0).putInt(TC_ACT_STOLEN).putInt(0).putInt(0).putInt(TCA_EGRESS_REDIR).putInt(targetIfindex);
        m.attr(TCA_MIRRED_PARMS, parms.array());
        m.endNest(options);
        m.endNest(action);
    }
}
