package io.nslab.cli.capture.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One line saying what an Ethernet frame is, as tcpdump's default output does, from nslab's
 * own small decoder: Ethernet, then ARP, IPv4 or IPv6, then ICMP, ICMPv6, TCP or UDP. A frame
 * cut short (by the snap length) says so rather than guessing.
 */
public final class Summary {
    static final int ETH_HEADER = 14;

    private Summary() {}

    /** The frame from its position to its limit, {@code length} bytes long on the wire: its summary line. */
    public static String of(ByteBuffer frame, int length) {
        return decode(frame, length).text();
    }

    /** The frame from its position to its limit, {@code length} bytes long on the wire: its line and its parts. */
    public static Decoded decode(ByteBuffer frame, int length) {
        ByteBuffer f = frame.slice().order(ByteOrder.BIG_ENDIAN);
        if (f.limit() < ETH_HEADER) return Decoded.of("ethernet", null, null, "truncated Ethernet frame, length " + length);
        int type = f.getShort(12) & 0xffff;
        ByteBuffer payload = f.slice(ETH_HEADER, f.limit() - ETH_HEADER).order(ByteOrder.BIG_ENDIAN);
        return switch (type) {
            case 0x0806 -> Arp.of(payload);
            case 0x0800 -> Ipv4.of(payload);
            case 0x86dd -> Ipv6.of(payload);
            default -> Decoded.of(String.format("ethertype-0x%04x", type), mac(f, 6), mac(f, 0),
                    String.format("%s > %s ethertype 0x%04x, length %d", mac(f, 6), mac(f, 0), type, length));
        };
    }

    static String mac(ByteBuffer b, int at) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) s.append(i == 0 ? "" : ":").append(String.format("%02x", b.get(at + i) & 0xff));
        return s.toString();
    }

    static String ipv4(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) + "." + (b.get(at + 1) & 0xff) + "." + (b.get(at + 2) & 0xff) + "." + (b.get(at + 3) & 0xff);
    }
}
