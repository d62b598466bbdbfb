package io.nslab.topology.model;

import io.nslab.addr.Cidr;

/**
 * An interface of the lab's host side, the end {@code host:NAME} of a link, with an IPv4
 * address, an IPv6 one ({@code ip6}), or both (either may be null, not both). {@code mtu}
 * null: the link's.
 */
public record HostInterface(String name, Cidr ip, Integer mtu, Cidr ip6) {
    /** An IPv4-only host interface. */
    public HostInterface(String name, Cidr ip, Integer mtu) {
        this(name, ip, mtu, null);
    }
}
