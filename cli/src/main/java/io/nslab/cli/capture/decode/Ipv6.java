package io.nslab.cli.capture.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** An IPv6 header (extension headers are not followed: the next header is named by number). */
final class Ipv6 {
    private Ipv6() {}

    static Decoded of(ByteBuffer p) {
        if (p.limit() < 40) return Decoded.of("ipv6", null, null, "IPv6, truncated");
        int payload = p.getShort(4) & 0xffff;
        int next = p.get(6) & 0xff;
        String from = address(p, 8), to = address(p, 24);
        ByteBuffer rest = p.slice(40, p.limit() - 40).order(ByteOrder.BIG_ENDIAN);
        return Transport.of(next, rest, from, to, payload, true);
    }

    /** RFC 5952 text: lower case, the longest run of zero groups (two or more) as "::". */
    static String address(ByteBuffer b, int at) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = b.getShort(at + 2 * i) & 0xffff;
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) { s.append("::"); i += bestLength - 1; continue; }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
