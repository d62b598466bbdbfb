package io.nslab.cli.capture.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** An IPv4 header, then what it carries (a later fragment carries no transport header). */
final class Ipv4 {
    private Ipv4() {}

    static Decoded of(ByteBuffer p) {
        if (p.limit() < 20) return Decoded.of("ipv4", null, null, "IPv4, truncated");
        int headerLength = (p.get(0) & 0x0f) * 4;
        int total = p.getShort(2) & 0xffff;
        int fragmentOffset = p.getShort(6) & 0x1fff;
        int protocol = p.get(9) & 0xff;
        String from = Summary.ipv4(p, 12), to = Summary.ipv4(p, 16);
        if (fragmentOffset != 0 || p.limit() < headerLength) {
            return Decoded.of("ipv4", from, to, "IPv4 " + from + " > " + to + " fragment, protocol " + protocol + ", length " + total);
        }
        ByteBuffer next = p.slice(headerLength, p.limit() - headerLength).order(ByteOrder.BIG_ENDIAN);
        return Transport.of(protocol, next, from, to, total - headerLength, false);
    }
}
