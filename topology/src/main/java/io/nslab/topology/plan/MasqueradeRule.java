package io.nslab.topology.plan;

/** Traffic from {@code sourceCidr} leaving by any interface but {@code exceptOutIf} takes the outgoing interface's address (iptables MASQUERADE). */
public record MasqueradeRule(String sourceCidr, String exceptOutIf) {}
