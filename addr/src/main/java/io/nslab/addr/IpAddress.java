package io.nslab.addr;

/**
 * An IPv4 or IPv6 address, numeric only (never a name, never resolved). The two families
 * share the arithmetic a subnet needs (masking, counting on), so {@link Cidr} holds either.
 * IPv4 addresses order before IPv6 ones.
 */
public sealed interface IpAddress extends Comparable<IpAddress> permits Ipv4, Ipv6 {
    /** Parses either family: text with a colon is IPv6, anything else IPv4. */
    static IpAddress parse(String text) {
        return text != null && text.indexOf(':') >= 0 ? Ipv6.parse(text) : Ipv4.parse(text);
    }

    static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** 4 or 6. */
    int family();

    /** 32 or 128: the longest prefix. */
    int width();

    /** The address in network byte order, 4 or 16 bytes, as the kernel reads it. */
    byte[] bytes();

    /** The address with every bit after the first {@code prefix} cleared (the network address). */
    IpAddress masked(int prefix);

    /** The address with every bit after the first {@code prefix} set (IPv4's broadcast address). */
    IpAddress filled(int prefix);

    /** The address {@code n} further on (back for a negative n), wrapping around the family's space. */
    IpAddress plus(long n);

    /** The first {@code prefix} bits of both are the same (always false across families). */
    boolean samePrefix(IpAddress other, int prefix);

    /** With a port, as URLs and ss write it: {@code 10.0.0.1:80}, {@code [fd00::1]:80}. */
    default String withPort(int port) {
        return (family() == 6 ? "[" + this + "]" : toString()) + ":" + port;
    }

    /** 0.0.0.0 or ::, what a default route's destination is. */
    static IpAddress any(int family) {
        return family == 6 ? Ipv6.ANY : Ipv4.ANY;
    }

    /** The address from its bytes in network order (4 or 16 of them). */
    static IpAddress of(byte[] bytes) {
        if (bytes.length == 4) return new Ipv4(((bytes[0] & 255) << 24) | ((bytes[1] & 255) << 16) | ((bytes[2] & 255) << 8) | (bytes[3] & 255));
        if (bytes.length == 16) return new Ipv6(Ipv6.long8(bytes, 0), Ipv6.long8(bytes, 8));
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }
}
