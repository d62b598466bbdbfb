package io.nslab.netlink.nft.expr;

import java.util.Arrays;
import java.util.HexFormat;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** Compares a register with a constant; the rule stops here unless it holds: "cmp eq reg 1 0x000014ac". */
public record Cmp(int sreg, int op, byte[] data) implements Expression {
    public static final int EQ = 0, NEQ = 1, LT = 2, LTE = 3, GT = 4, GTE = 5;
    static final int SREG = 1, OP = 2, DATA = 3;

    @Override public String name() { return "cmp"; }

    @Override
    public void encode(MessageBuilder m) {
        m.attrU32Be(SREG, sreg).attrU32Be(OP, op);
        Data.value(m, DATA, data);
    }

    static Cmp decode(Attributes a) {
        return new Cmp(a.u32Be(SREG, -1), a.u32Be(OP, -1), Data.value(a, DATA));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cmp c && c.sreg == sreg && c.op == op && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() { return 31 * (31 * sreg + op) + Arrays.hashCode(data); }

    @Override
    public String toString() { return "Cmp[sreg=" + sreg + ", op=" + op + ", data=" + HexFormat.of().formatHex(data) + "]"; }
}
