package io.nslab.netlink.route;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address with a prefix length, as "172.20.0.10/24" or "fd00::1/64" (numeric only, never resolved). */
public record Cidr(InetAddress address, int prefix) {
    public Cidr {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefix < 0 || prefix > max) throw new IllegalArgumentException("invalid prefix length " + prefix + " for " + address.getHostAddress());
    }

    /** Parses "A/N"; a bare address gets the full-length prefix. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = address(slash < 0 ? text : text.substring(0, slash));
        int max = address instanceof Inet4Address ? 32 : 128;
        try {
            return new Cidr(address, slash < 0 ? max : Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR '" + text + "'");
        }
    }

    /** A numeric IPv4 or IPv6 address; a name is an error (nslab never does DNS here). */
    public static InetAddress address(String text) {
        if (text.isEmpty() || !(text.indexOf(':') >= 0 || text.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("invalid IP address '" + text + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address '" + text + "'");
        }
    }

    public int family() {
        return address instanceof Inet4Address ? Rt.AF_INET : Rt.AF_INET6;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
