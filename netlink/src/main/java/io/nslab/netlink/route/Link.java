package io.nslab.netlink.route;

/**
 * A network interface as a link dump reports it. {@code kind} is the driver's kind ("veth",
 * "bridge") or null; {@code master} and {@code peerIndex} (IFLA_LINK: a veth's peer, which
 * may be in another namespace) are 0 when absent; {@code mac} is "aa:bb:..", or null.
 */
public record Link(int index, String name, String kind, int mtu, String mac, boolean up, int flags, int master,
                   int peerIndex) {
}
