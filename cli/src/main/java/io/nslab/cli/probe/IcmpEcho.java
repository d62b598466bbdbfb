package io.nslab.cli.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * ICMP echo messages (RFC 792) as bytes: the request nslab sends, and what it makes of the
 * packets a raw ICMP socket receives (each with its IPv4 header in front): an echo reply,
 * or an error (destination unreachable, time exceeded) quoting one of nslab's requests.
 */
final class IcmpEcho {
    static final int ECHO_REPLY = 0, DEST_UNREACHABLE = 3, ECHO_REQUEST = 8, TIME_EXCEEDED = 11;
    static final int HEADER = 8;
    static final byte[] PAYLOAD = "nslab-ping......".getBytes(StandardCharsets.US_ASCII);

    /** What a received packet says about one of our requests (identified by id and sequence). */
    record Answer(int id, int sequence, InetAddress from, boolean reply, String error) {}

    private IcmpEcho() {}

    /** An echo request: type 8, code 0, checksum, identifier, sequence number, payload. */
    static ByteBuffer request(int id, int sequence) {
        ByteBuffer b = ByteBuffer.allocateDirect(HEADER + PAYLOAD.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) ECHO_REQUEST).put((byte) 0).putShort((short) 0)
                .putShort((short) id).putShort((short) sequence).put(PAYLOAD);
        b.putShort(2, (short) checksum(b, 0, b.capacity()));
        return b.clear();
    }

    /** The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit words. */
    static int checksum(ByteBuffer b, int offset, int length) {
        long sum = 0;
        int i = offset;
        for (; i + 1 < offset + length; i += 2) sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        if (i < offset + length) sum += (b.get(i) & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    /**
     * Reads a packet from a raw ICMP socket (IPv4 header, then ICMP). Returns null for
     * anything that is neither an echo reply nor an error quoting an echo request.
     */
    static Answer parse(ByteBuffer packet, int length) {
        if (length < 20) return null;
        int ip = ihl(packet, 0);
        if (length < ip + HEADER) return null;
        int type = packet.get(ip) & 0xff;
        int code = packet.get(ip + 1) & 0xff;
        InetAddress from = address(packet, 12);
        if (type == ECHO_REPLY) {
            return new Answer(u16(packet, ip + 4), u16(packet, ip + 6), from, true, null);
        }
        if (type != DEST_UNREACHABLE && type != TIME_EXCEEDED) return null;
        // The error quotes the offending packet: its IPv4 header and at least 8 bytes of ICMP.
        int inner = ip + HEADER;
        if (length < inner + 20) return null;
        int innerIcmp = inner + ihl(packet, inner);
        if (length < innerIcmp + HEADER || (packet.get(inner + 9) & 0xff) != 1
                || (packet.get(innerIcmp) & 0xff) != ECHO_REQUEST) {
            return null;
        }
        String error = "from " + from.getHostAddress() + ": " + describe(type, code);
        return new Answer(u16(packet, innerIcmp + 4), u16(packet, innerIcmp + 6), address(packet, inner + 16), false, error);
    }

    static String describe(int type, int code) {
        if (type == TIME_EXCEEDED) return "time to live exceeded";
        return switch (code) {
            case 0 -> "destination net unreachable";
            case 1 -> "destination host unreachable";
            case 2 -> "destination protocol unreachable";
            case 3 -> "destination port unreachable";
            case 9, 10, 13 -> "communication administratively prohibited";
            default -> "destination unreachable (code " + code + ")";
        };
    }

    private static int ihl(ByteBuffer b, int at) {
        return (b.get(at) & 0x0f) * 4;
    }

    private static int u16(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
    }

    private static InetAddress address(ByteBuffer b, int at) {
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) raw[i] = b.get(at + i);
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always an address
        }
    }
}
