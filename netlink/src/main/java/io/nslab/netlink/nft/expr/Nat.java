package io.nslab.netlink.nft.expr;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/**
 * Source or destination NAT to the address (and port) held in registers:
 * "nat dnat ip addr_min reg 1 proto_min reg 2 flags 0x2". A register of 0 means "not given".
 */
public record Nat(int type, int family, int addrReg, int protoReg, int flags) implements Expression {
    public static final int SNAT = 0, DNAT = 1;
    /** NF_NAT_RANGE_PROTO_SPECIFIED: a port is given. */
    public static final int PROTO_SPECIFIED = 2;
    static final int TYPE = 1, FAMILY = 2, REG_ADDR_MIN = 3, REG_PROTO_MIN = 5, FLAGS = 7;

    @Override public String name() { return "nat"; }

    @Override
    public void encode(MessageBuilder m) {
        m.attrU32Be(TYPE, type).attrU32Be(FAMILY, family);
        if (addrReg > 0) m.attrU32Be(REG_ADDR_MIN, addrReg);
        if (protoReg > 0) m.attrU32Be(REG_PROTO_MIN, protoReg);
        if (flags != 0) m.attrU32Be(FLAGS, flags);
    }

    static Nat decode(Attributes a) {
        return new Nat(a.u32Be(TYPE, -1), a.u32Be(FAMILY, -1), a.u32Be(REG_ADDR_MIN, 0), a.u32Be(REG_PROTO_MIN, 0), a.u32Be(FLAGS, 0));
    }
}
