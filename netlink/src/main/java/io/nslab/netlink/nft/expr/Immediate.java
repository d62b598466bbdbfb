package io.nslab.netlink.nft.expr;

import java.util.Arrays;
import java.util.HexFormat;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** Puts a constant into a register: "immediate reg 1 0x0a0014ac" (for nat's address and port). */
public record Immediate(int dreg, byte[] data) implements Expression {
    static final int DREG = 1, DATA = 2;

    @Override public String name() { return "immediate"; }

    @Override
    public void encode(MessageBuilder m) {
        m.attrU32Be(DREG, dreg);
        Data.value(m, DATA, data);
    }

    static Immediate decode(Attributes a) {
        return new Immediate(a.u32Be(DREG, -1), Data.value(a, DATA));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Immediate i && i.dreg == dreg && Arrays.equals(i.data, data);
    }

    @Override
    public int hashCode() { return dreg * 31 + Arrays.hashCode(data); }

    @Override
    public String toString() { return "Immediate[reg " + dreg + " " + HexFormat.of().formatHex(data) + "]"; }
}
