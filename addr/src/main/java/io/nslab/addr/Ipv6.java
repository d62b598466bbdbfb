package io.nslab.addr;

/**
 * An IPv6 address as two unsigned 64-bit halves, so subnet arithmetic is integer math as for
 * {@link Ipv4}. Parsed from the text forms of RFC 4291 (with {@code ::} and a dotted IPv4 tail),
 * written in the canonical form of RFC 5952 ({@code fd00:20::10}), the one {@code ip -6} prints.
 * Zone indexes ({@code fe80::1%eth0}) are refused: a lab file names the interface elsewhere.
 */
public record Ipv6(long high, long low) implements IpAddress {
    static final Ipv6 ANY = new Ipv6(0, 0);

    public static Ipv6 parse(String text) {
        if (text == null || text.isEmpty()) throw invalid(text, "empty");
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) throw invalid(text, "\"::\" may appear only once");
        int[] head = groups(text, gap < 0 ? text : text.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(text, text.substring(gap + 2), true);
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) throw invalid(text, gap < 0 ? "it needs 8 groups or \"::\"" : "too many groups");
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        long high = 0, low = 0;
        for (int i = 0; i < 4; i++) high = (high << 16) | all[i];
        for (int i = 4; i < 8; i++) low = (low << 16) | all[i];
        return new Ipv6(high, low);
    }

    /** The 16-bit groups of one side of "::"; a dotted IPv4 address may end the last side (two groups). */
    private static int[] groups(String text, String part, boolean last) {
        if (part.isEmpty()) return new int[0];
        String[] items = part.split(":", -1);
        int n = items.length;
        boolean dotted = last && items[n - 1].indexOf('.') >= 0;
        int[] out = new int[dotted ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String g = items[i];
            if (dotted && i == n - 1) {
                int v4;
                try {
                    v4 = Ipv4.parse(g).bits();
                } catch (IllegalArgumentException e) {
                    throw invalid(text, "\"" + g + "\" is not an IPv4 tail");
                }
                out[i] = v4 >>> 16;
                out[i + 1] = v4 & 0xffff;
            } else {
                if (g.isEmpty() || g.length() > 4) throw invalid(text, "groups are 1 to 4 hex digits");
                int v = 0;
                for (int k = 0; k < g.length(); k++) {
                    int d = Character.digit(g.charAt(k), 16);
                    if (d < 0) throw invalid(text, "\"" + g + "\" is not hexadecimal");
                    v = (v << 4) | d;
                }
                out[i] = v;
            }
        }
        return out;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("\"" + text + "\" is not an IPv6 address (like fd00:20::10): " + why);
    }

    /** fe80::/10: the address every IPv6 interface gives itself, valid on its own link only. */
    public boolean isLinkLocal() { return (high >>> 54) == (0xfe80L >>> 6); }

    @Override
    public int family() { return 6; }

    @Override
    public int width() { return 128; }

    @Override
    public byte[] bytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    static long long8(byte[] b, int from) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[from + i] & 255);
        return v;
    }

    @Override
    public Ipv6 masked(int prefix) { return new Ipv6(high & maskHigh(prefix), low & maskLow(prefix)); }

    @Override
    public Ipv6 filled(int prefix) { return new Ipv6(high | ~maskHigh(prefix), low | ~maskLow(prefix)); }

    @Override
    public Ipv6 plus(long n) {
        long sum = low + n;
        long carry = n >= 0 ? (Long.compareUnsigned(sum, low) < 0 ? 1 : 0) : (Long.compareUnsigned(sum, low) > 0 ? -1 : 0);
        return new Ipv6(high + carry, sum);
    }

    @Override
    public boolean samePrefix(IpAddress other, int prefix) {
        return other instanceof Ipv6 o && ((o.high ^ high) & maskHigh(prefix)) == 0 && ((o.low ^ low) & maskLow(prefix)) == 0;
    }

    private static long maskHigh(int prefix) { return prefix <= 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix); }

    private static long maskLow(int prefix) { return prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix); }

    @Override
    public int compareTo(IpAddress o) {
        if (!(o instanceof Ipv6 v6)) return 1;
        int c = Long.compareUnsigned(high, v6.high);
        return c != 0 ? c : Long.compareUnsigned(low, v6.low);
    }

    @Override
    public boolean equals(Object o) { return o instanceof Ipv6 other && other.high == high && other.low == low; }

    @Override
    public int hashCode() { return Long.hashCode(high) * 31 + Long.hashCode(low); }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first of equals) as "::". */
    @Override
    public String toString() {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
            g[4 + i] = (int) (low >>> (48 - 16 * i)) & 0xffff;
        }
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
