package io.nslab.netlink.nft.expr;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** Loads {@code length} bytes of a packet header into a register: "payload load 4b @ network header + 12 => reg 1". */
public record Payload(int base, int offset, int length, int dreg) implements Expression {
    public static final int LINK_HEADER = 0, NETWORK_HEADER = 1, TRANSPORT_HEADER = 2;
    static final int DREG = 1, BASE = 2, OFFSET = 3, LEN = 4;

    @Override public String name() { return "payload"; }

    @Override
    public void encode(MessageBuilder m) {
        m.attrU32Be(DREG, dreg).attrU32Be(BASE, base).attrU32Be(OFFSET, offset).attrU32Be(LEN, length);
    }

    static Payload decode(Attributes a) {
        return new Payload(a.u32Be(BASE, -1), a.u32Be(OFFSET, -1), a.u32Be(LEN, -1), a.u32Be(DREG, -1));
    }
}
