package io.nslab.netlink.nft.expr;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** Counts the packets and bytes that reach it ("counter packets 3 bytes 180"); a new one starts at zero. */
public record Counter(long packets, long bytes) implements Expression {
    static final int BYTES = 1, PACKETS = 2;

    public Counter() {
        this(0, 0);
    }

    @Override public String name() { return "counter"; }

    @Override
    public void encode(MessageBuilder m) {
        // A new counter starts at zero; the kernel fills the numbers in when the rule is listed.
    }

    static Counter decode(Attributes a) {
        return new Counter(a.get(PACKETS).map(x -> x.u64Be()).orElse(0L), a.get(BYTES).map(x -> x.u64Be()).orElse(0L));
    }
}
