package io.nslab.addr;

import java.util.regex.Pattern;

/** An IPv4 address as an unsigned 32-bit value, so subnet arithmetic is plain integer math. */
public record Ipv4(int bits) implements IpAddress {
    static final Ipv4 ANY = new Ipv4(0);
    private static final Pattern DOTTED = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    /** Parses dotted-quad text; leading zeros are refused because tools disagree on them (octal or decimal). */
    public static Ipv4 parse(String text) {
        if (text == null || !DOTTED.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (like 10.0.0.1)");
        }
        int bits = 0;
        for (String part : text.split("\\.")) {
            int octet = Integer.parseInt(part);
            if (octet > 255) throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address: " + octet + " > 255");
            bits = (bits << 8) | octet;
        }
        return new Ipv4(bits);
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public long unsigned() { return Integer.toUnsignedLong(bits); }

    @Override
    public int family() { return 4; }

    @Override
    public int width() { return 32; }

    @Override
    public byte[] bytes() { return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits}; }

    @Override
    public Ipv4 masked(int prefix) { return new Ipv4(bits & mask(prefix)); }

    @Override
    public Ipv4 filled(int prefix) { return new Ipv4(bits | ~mask(prefix)); }

    @Override
    public Ipv4 plus(long n) { return new Ipv4((int) (unsigned() + n)); }

    @Override
    public boolean samePrefix(IpAddress other, int prefix) {
        return other instanceof Ipv4 o && ((o.bits ^ bits) & mask(prefix)) == 0;
    }

    /** The first {@code prefix} bits set. */
    public static int mask(int prefix) { return prefix == 0 ? 0 : -1 << (32 - prefix); }

    @Override
    public int compareTo(IpAddress o) {
        return o instanceof Ipv4 v4 ? Integer.compareUnsigned(bits, v4.bits) : -1;
    }

    // Written out, not generated: a record's own equals and hashCode are bootstrapped at run
    // time into method handles (tens of generated classes on first use, ~10 ms of a fresh JVM),
    // and addresses are compared and hashed all through reading a lab.
    @Override
    public boolean equals(Object o) { return o instanceof Ipv4 other && other.bits == bits; }

    @Override
    public int hashCode() { return bits; }

    @Override
    public String toString() {
        return ((bits >>> 24) & 255) + "." + ((bits >>> 16) & 255) + "." + ((bits >>> 8) & 255) + "." + (bits & 255);
    }
}
