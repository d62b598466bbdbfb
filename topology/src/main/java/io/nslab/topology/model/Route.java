package io.nslab.topology.model;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;

/** A node's static route: to a subnet, or (a /0) the default route, via a next router. */
public record Route(Cidr to, IpAddress via) {
    public static final String DEFAULT = "default";

    /** The default route of {@code via}'s family. */
    public static Route byDefault(IpAddress via) { return new Route(Cidr.any(via.family()), via); }

    public boolean isDefault() { return to.prefix() == 0; }

    /** The destination as ip route writes it: {@code default} or the subnet. */
    public String destination() { return isDefault() ? DEFAULT : to.toString(); }
}
