package io.nslab.cli.services;

import java.net.InetSocketAddress;

/**
 * What the http service answers: one compact JSON object (no spaces between tokens, so a
 * check's {@code body_contains} can match {@code "hostname":"web"} exactly) naming the node
 * and both ends of the connection as the node sees them. Behind MASQUERADE {@code remote} is
 * the host side's address; behind DNAT {@code local} is the node's own address and
 * {@code remote} the original client.
 */
public record Whoami(String hostname, InetSocketAddress local, InetSocketAddress remote, String method, String path) {

    public String toJson() {
        StringBuilder out = new StringBuilder(160);
        out.append('{');
        field(out, "hostname", hostname).append(',');
        field(out, "local", endpoint(local)).append(',');
        field(out, "remote", endpoint(remote)).append(',');
        field(out, "method", method).append(',');
        field(out, "path", path);
        return out.append('}').toString();
    }

    /** {@code IP:port}, with an IPv6 address in brackets; never a resolved name. */
    static String endpoint(InetSocketAddress address) {
        // The address library's text: IPv6 in its short form (fd00:20::10), as ip -6 writes it.
        return io.nslab.addr.IpAddress.of(address.getAddress().getAddress()).withPort(address.getPort());
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        Json.appendString(out, name);
        out.append(':');
        Json.appendString(out, value);
        return out;
    }
}
