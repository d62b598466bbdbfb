package io.nslab.addr;

import java.util.regex.Pattern;

/** An Ethernet (MAC) address, 48 bits, written as six colon-separated hex octets ({@code 02:42:ac:14:00:0a}). */
public record Mac(long bits) {
    private static final Pattern SYNTAX = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    public Mac {
        if ((bits >>> 48) != 0) throw new IllegalArgumentException("a MAC address has 48 bits");
    }

    public static Mac parse(String text) {
        if (text == null || !SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a MAC address (like 02:42:ac:14:00:0a)");
        }
        return new Mac(Long.parseLong(text.replace(":", ""), 16));
    }

    /** From the 6 bytes the kernel gives (IFLA_ADDRESS). */
    public static Mac of(byte[] bytes) {
        if (bytes.length != 6) throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        long v = 0;
        for (byte b : bytes) v = (v << 8) | (b & 255);
        return new Mac(v);
    }

    /** Returns why {@code text} cannot be an interface's MAC, or null when it can. */
    public static String problem(String text) {
        if (text == null || !SYNTAX.matcher(text).matches()) return "\"" + text + "\" is not a MAC address (like 02:42:ac:14:00:0a)";
        Mac mac = parse(text);
        // The lowest bit of the first octet marks group (multicast/broadcast) addresses, which no interface may own.
        if (mac.isGroup()) return "\"" + text + "\" is a multicast address; an interface needs a unicast MAC (first octet even)";
        if (mac.bits == 0) return "\"" + text + "\" is the all-zero address, which no interface may own";
        return null;
    }

    public boolean isGroup() { return ((bits >>> 40) & 1) != 0; }

    public byte[] bytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) (bits >>> (40 - 8 * i));
        return b;
    }

    @Override
    public boolean equals(Object o) { return o instanceof Mac other && other.bits == bits; }

    @Override
    public int hashCode() { return Long.hashCode(bits); }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) s.append(':');
            int octet = (int) (bits >>> (40 - 8 * i)) & 255;
            s.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 15, 16));
        }
        return s.toString();
    }
}
