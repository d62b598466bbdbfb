package io.nslab.netlink.nft.expr;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** Source NAT to the address of the outgoing interface: "masq". */
public record Masq() implements Expression {
    @Override public String name() { return "masq"; }

    @Override
    public void encode(MessageBuilder m) {
        // No attributes: any port, no flags.
    }

    static Masq decode(Attributes a) {
        return new Masq();
    }
}
