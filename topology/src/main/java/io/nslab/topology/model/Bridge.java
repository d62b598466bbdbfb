package io.nslab.topology.model;

import java.util.Optional;

import io.nslab.topology.net.Cidr;
import io.nslab.topology.net.Ipv4;

/**
 * A docker0-style bridge on the lab's host side. {@code gateway} is as written: null for
 * the default (the subnet's first host address), {@code "none"} for a pure layer-2 switch,
 * or an address.
 */
public record Bridge(String name, Cidr subnet, String gateway, boolean masquerade, int mtu) {
    public static final String NO_GATEWAY = "none";

    /** The bridge's own address, if it routes at all. */
    public Optional<Ipv4> gatewayAddress() {
        if (NO_GATEWAY.equals(gateway)) return Optional.empty();
        return Optional.of(gateway == null ? subnet.firstHost() : Ipv4.parse(gateway));
    }
}
