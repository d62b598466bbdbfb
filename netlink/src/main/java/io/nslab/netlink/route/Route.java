package io.nslab.netlink.route;

/**
 * A route of the main table: {@code dest} is a CIDR or "default", {@code via} the gateway or
 * null, {@code dev} the outgoing interface's name or null; {@code scope} and {@code protocol}
 * as the kernel numbers them (RT_SCOPE_LINK 253 for a connected route).
 */
public record Route(String dest, String via, String dev, int oif, int scope, int protocol) {
}
