package io.nslab.topology.plan;

import io.nslab.addr.IpAddress;

/**
 * Traffic to {@code port}/{@code proto} on any local address of the host side goes to
 * {@code toAddress}:{@code toPort}, an address of node {@code node} (iptables DNAT).
 */
public record DnatRule(String proto, int port, String node, IpAddress toAddress, int toPort) {}
