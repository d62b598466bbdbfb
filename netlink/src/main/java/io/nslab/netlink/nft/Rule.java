package io.nslab.netlink.nft;

import java.util.List;

import io.nslab.netlink.nft.expr.Expression;

/** A rule as the kernel lists it: where it is, its handle, and its expressions. */
public record Rule(String table, String chain, long handle, List<Expression> expressions) {
    /** Packets its counter has seen (0 if it has none): how much traffic the rule handled. */
    public long packets() {
        return NatRules.packets(expressions);
    }
}
