package io.nslab.netlink.nft.expr;

import java.util.Arrays;
import java.util.HexFormat;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** dreg = (sreg &amp; mask) ^ xor over {@code length} bytes: how a prefix that is not whole bytes is matched. */
public record Bitwise(int sreg, int dreg, byte[] mask, byte[] xor) implements Expression {
    static final int SREG = 1, DREG = 2, LEN = 3, MASK = 4, XOR = 5;

    @Override public String name() { return "bitwise"; }

    @Override
    public void encode(MessageBuilder m) {
        m.attrU32Be(SREG, sreg).attrU32Be(DREG, dreg).attrU32Be(LEN, mask.length);
        Data.value(m, MASK, mask);
        Data.value(m, XOR, xor);
    }

    static Bitwise decode(Attributes a) {
        return new Bitwise(a.u32Be(SREG, -1), a.u32Be(DREG, -1), Data.value(a, MASK), Data.value(a, XOR));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitwise b && b.sreg == sreg && b.dreg == dreg && Arrays.equals(b.mask, mask) && Arrays.equals(b.xor, xor);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(mask) * 31 + Arrays.hashCode(xor) + sreg * 7 + dreg; }

    @Override
    public String toString() {
        return "Bitwise[reg " + dreg + " = (reg " + sreg + " & " + HexFormat.of().formatHex(mask) + ") ^ " + HexFormat.of().formatHex(xor) + "]";
    }
}
