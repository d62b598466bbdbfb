package io.nslab.netlink.nft.expr;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** Loads packet metadata into a register: "meta load oifname => reg 1". */
public record Meta(int key, int dreg) implements Expression {
    public static final int IIFNAME = 6, OIFNAME = 7, NFPROTO = 15, L4PROTO = 16;
    static final int DREG = 1, KEY = 2;

    @Override public String name() { return "meta"; }

    @Override
    public void encode(MessageBuilder m) {
        m.attrU32Be(KEY, key).attrU32Be(DREG, dreg);
    }

    static Meta decode(Attributes a) {
        return new Meta(a.u32Be(KEY, -1), a.u32Be(DREG, -1));
    }
}
