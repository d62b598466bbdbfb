package io.nslab.topology.model;

import java.util.Optional;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;

/**
 * A docker0-style bridge on the lab's host side. {@code gateway} is as written: null for
 * the default (the subnet's first host address), {@code "none"} for a pure layer-2 switch,
 * or an address.
 */
public record Bridge(String name, Cidr subnet, String gateway, boolean masquerade, int mtu) {
    public static final String NO_GATEWAY = "none";

    /** The bridge's own address, if it routes at all. */
    public Optional<IpAddress> gatewayAddress() {
        if (NO_GATEWAY.equals(gateway)) return Optional.empty();
        return Optional.of(gateway == null ? subnet.firstHost() : IpAddress.parse(gateway));
    }
}
