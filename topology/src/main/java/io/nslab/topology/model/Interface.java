package io.nslab.topology.model;

import io.nslab.addr.Cidr;
import io.nslab.addr.Mac;

/**
 * A node's interface. With {@code bridge} it is a veth whose peer is a port of that bridge;
 * without, it is one end of a link. {@code ip}, {@code mac}, {@code mtu} may be null (not given);
 * {@code impair} is never null (out: what leaves the interface).
 */
public record Interface(String name, String bridge, Cidr ip, Mac mac, Integer mtu, Impair impair) {
    public Interface(String name, String bridge, Cidr ip, Mac mac, Integer mtu) {
        this(name, bridge, ip, mac, mtu, Impair.NONE);
    }

    public boolean onBridge() { return bridge != null; }
}
