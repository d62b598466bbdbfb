package io.nslab.netlink.nft.expr;

import static io.nslab.netlink.msg.Netlink.NLA_F_NESTED;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** struct nft_data on the wire: a nest holding NFTA_DATA_VALUE (raw bytes, in the packet's order). */
final class Data {
    /** nf_tables.h: the value in a struct nft_data nest (its other kind, a verdict, nslab never writes). */
    static final int NFTA_DATA_VALUE = 1;

    private Data() {}

    static void value(MessageBuilder m, int type, byte[] value) {
        int nest = m.beginNest(type | NLA_F_NESTED);
        m.attr(NFTA_DATA_VALUE, value);
        m.endNest(nest);
    }

    static byte[] value(Attributes a, int type) {
        byte[] v = a.nested(type).bytes(NFTA_DATA_VALUE);
        return v == null ? new byte[0] : v;
    }
}
