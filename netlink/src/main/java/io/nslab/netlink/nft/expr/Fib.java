package io.nslab.netlink.nft.expr;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/**
 * Asks the routing table about the packet: "fib daddr type => reg 1" loads the type of the
 * destination address (RTN_LOCAL = 2 when it is one of this namespace's own addresses).
 */
public record Fib(int flags, int result, int dreg) implements Expression {
    public static final int F_SADDR = 1, F_DADDR = 2, F_MARK = 4, F_IIF = 8, F_OIF = 16;
    public static final int RESULT_OIF = 1, RESULT_OIFNAME = 2, RESULT_ADDRTYPE = 3;
    public static final int RTN_LOCAL = 2;
    static final int DREG = 1, RESULT = 2, FLAGS = 3;

    @Override public String name() { return "fib"; }

    @Override
    public void encode(MessageBuilder m) {
        m.attrU32Be(FLAGS, flags).attrU32Be(RESULT, result).attrU32Be(DREG, dreg);
    }

    static Fib decode(Attributes a) {
        return new Fib(a.u32Be(FLAGS, 0), a.u32Be(RESULT, -1), a.u32Be(DREG, -1));
    }
}
