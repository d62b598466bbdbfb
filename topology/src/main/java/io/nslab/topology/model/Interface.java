package io.nslab.topology.model;

import io.nslab.addr.Cidr;
import io.nslab.addr.Mac;

/**
 * A node's interface. With {@code bridge} it is a veth whose peer is a port of that bridge;
 * without, it is one end of a link. {@code ip}, {@code ip6}, {@code mac}, {@code mtu} may be
 * null (not given); {@code impair} is never null (out: what leaves the interface).
 */
public record Interface(String name, String bridge, Cidr ip, Mac mac, Integer mtu, Impair impair, Cidr ip6) {
    public Interface(String name, String bridge, Cidr ip, Mac mac, Integer mtu) {
        this(name, bridge, ip, mac, mtu, Impair.NONE, null);
    }

    public Interface(String name, String bridge, Cidr ip, Mac mac, Integer mtu, Impair impair) {
        this(name, bridge, ip, mac, mtu, impair, null);
    }

    /** The address of {@code family} (4 or 6) as written, or null. */
    public Cidr ip(int family) { return family == 6 ? ip6 : ip; }

    public boolean onBridge() { return bridge != null; }
}
