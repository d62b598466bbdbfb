package io.nslab.netlink.nft;

import io.nslab.addr.IpAddress;

/**
 * A published port: connections to {@code port} on any of the namespace's own addresses go to
 * {@code toAddress:toPort} instead: {@code fib daddr type local PROTO dport P dnat to A:P},
 * Docker's DNAT rule for {@code -p P:TOPORT}. To an IPv6 address it goes in the table of family
 * ip6, and answers connections to the namespace's own IPv6 addresses.
 */
public record Dnat(String proto, int port, IpAddress toAddress, int toPort) {
    public Dnat {
        if (!"tcp".equals(proto) && !"udp".equals(proto)) throw new IllegalArgumentException("protocol must be tcp or udp, not '" + proto + "'");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("invalid port " + port);
        if (toPort < 1 || toPort > 65535) throw new IllegalArgumentException("invalid port " + toPort);
    }

    public String toNft() {
        return "fib daddr type local " + proto + " dport " + port + " dnat " + (toAddress.family() == 6 ? "ip6" : "ip") + " to " + toAddress.withPort(toPort);
    }

    int protocolNumber() {
        return proto.equals("tcp") ? 6 : 17;
    }
}
