package io.nslab.topology.model;

import java.util.Optional;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;

/**
 * A docker0-style bridge on the lab's host side, IPv4 ({@code subnet}), IPv6 ({@code subnet6})
 * or both; the subnet it lacks is null. Each gateway is as written: null for the default (the
 * subnet's first host address), {@code "none"} for no address of that family, or an address.
 */
public record Bridge(String name, Cidr subnet, String gateway, boolean masquerade, int mtu, Cidr subnet6, String gateway6) {
    public static final String NO_GATEWAY = "none";

    /** An IPv4-only bridge. */
    public Bridge(String name, Cidr subnet, String gateway, boolean masquerade, int mtu) {
        this(name, subnet, gateway, masquerade, mtu, null, null);
    }

    /** The bridge's own IPv4 address, if it routes IPv4 at all. */
    public Optional<IpAddress> gatewayAddress() { return gateway(subnet, gateway); }

    /** The bridge's own IPv6 address, if it routes IPv6 at all. */
    public Optional<IpAddress> gateway6Address() { return gateway(subnet6, gateway6); }

    /** The gateway of the family of {@code family} (4 or 6). */
    public Optional<IpAddress> gatewayAddress(int family) { return family == 6 ? gateway6Address() : gatewayAddress(); }

    /** The subnet of {@code family} (4 or 6), or null. */
    public Cidr subnet(int family) { return family == 6 ? subnet6 : subnet; }

    private static Optional<IpAddress> gateway(Cidr subnet, String gateway) {
        if (subnet == null || NO_GATEWAY.equals(gateway)) return Optional.empty();
        return Optional.of(gateway == null ? subnet.firstHost() : IpAddress.parse(gateway));
    }
}
