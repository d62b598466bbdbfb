package io.nslab.topology.plan;

import io.nslab.addr.Cidr;

/** Traffic from {@code source} leaving by any interface but {@code exceptOutIf} takes the outgoing interface's address (iptables MASQUERADE). */
public record MasqueradeRule(Cidr source, String exceptOutIf) {}
