package io.nslab.topology.plan;

/** Traffic to {@code port}/{@code proto} on any local address of the host side goes to {@code toAddress}:{@code toPort} (iptables DNAT). */
public record DnatRule(String proto, int port, String toAddress, int toPort) {}
