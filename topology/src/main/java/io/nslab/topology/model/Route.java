package io.nslab.topology.model;

import io.nslab.topology.net.Ipv4;

/** A node's static route: {@code to} is {@code "default"} or a subnet in CIDR form. */
public record Route(String to, Ipv4 via) {
    public static final String DEFAULT = "default";

    public boolean isDefault() { return DEFAULT.equals(to); }
}
