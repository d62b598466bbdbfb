package io.nslab.netlink.nft.expr;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * One nf_tables expression of a rule (the kernel's nft_expr): a name and its attributes, as
 * {@code nft --debug=netlink} prints them ("[ payload load 4b @ network header + 12 => reg 1 ]").
 */
public interface Expression {
    /** The kernel's name of the expression type, e.g. "payload". */
    String name();

    /** Writes the attributes that go inside NFTA_EXPR_DATA, in the order nft writes them. */
    void encode(MessageBuilder m);
}
