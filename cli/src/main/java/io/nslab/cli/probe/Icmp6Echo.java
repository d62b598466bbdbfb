package io.nslab.cli.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ICMPv6 echo messages (RFC 4443) as bytes, the IPv6 twin of {@link IcmpEcho}. Two things
 * differ besides the type numbers: the kernel fills in the checksum of every ICMPv6 packet a
 * raw socket sends (it covers an IPv6 pseudo-header the sender cannot see), and a raw IPv6
 * socket receives the ICMPv6 message alone, without the IPv6 header, so the sender's address
 * comes from recvfrom's address.
 */
final class Icmp6Echo {
    static final int DEST_UNREACHABLE = 1, TIME_EXCEEDED = 3, ECHO_REQUEST = 128, ECHO_REPLY = 129;
    private static final int IPV6_HEADER = 40, NEXT_HEADER = 6, ICMPV6 = 58;

    private Icmp6Echo() {}

    /** An echo request: type 128, code 0, checksum (the kernel's), identifier, sequence number, payload. */
    static ByteBuffer request(int id, int sequence) {
        ByteBuffer b = ByteBuffer.allocateDirect(IcmpEcho.HEADER + IcmpEcho.PAYLOAD.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) ECHO_REQUEST).put((byte) 0).putShort((short) 0)
                .putShort((short) id).putShort((short) sequence).put(IcmpEcho.PAYLOAD);
        return b.clear();
    }

    /**
     * Reads an ICMPv6 message received from {@code from}. Returns null for anything that is
     * neither an echo reply nor an error quoting an echo request.
     */
    static IcmpEcho.Answer parse(ByteBuffer packet, int length, InetAddress from) {
        if (length < IcmpEcho.HEADER) return null;
        int type = packet.get(0) & 0xff;
        int code = packet.get(1) & 0xff;
        if (type == ECHO_REPLY) return new IcmpEcho.Answer(u16(packet, 4), u16(packet, 6), from, true, null);
        if (type != DEST_UNREACHABLE && type != TIME_EXCEEDED) return null;
        // The error quotes the offending packet: its IPv6 header, then (no extension headers from us) the echo request.
        int inner = IcmpEcho.HEADER, innerIcmp = inner + IPV6_HEADER;
        if (length < innerIcmp + IcmpEcho.HEADER || (packet.get(inner + NEXT_HEADER) & 0xff) != ICMPV6
                || (packet.get(innerIcmp) & 0xff) != ECHO_REQUEST) {
            return null;
        }
        String error = "from " + io.nslab.addr.IpAddress.of(from.getAddress()) + ": " + describe(type, code);
        return new IcmpEcho.Answer(u16(packet, innerIcmp + 4), u16(packet, innerIcmp + 6), address(packet, inner + 24), false, error);
    }

    static String describe(int type, int code) {
        if (type == TIME_EXCEEDED) return "hop limit exceeded";
        return switch (code) {
            case 0 -> "no route to destination";
            case 1 -> "communication administratively prohibited";
            case 3 -> "address unreachable";
            case 4 -> "port unreachable";
            default -> "destination unreachable (code " + code + ")";
        };
    }

    private static int u16(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
    }

    static InetAddress address(ByteBuffer b, int at) {
        byte[] raw = new byte[16];
        for (int i = 0; i < 16; i++) raw[i] = b.get(at + i);
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // sixteen bytes are always an address
        }
    }
}
