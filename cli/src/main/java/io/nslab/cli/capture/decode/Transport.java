package io.nslab.cli.capture.decode;

import java.nio.ByteBuffer;

/** What an IP packet carries: ICMP (with its type), ICMPv6, TCP (ports, flags, sequence), UDP (ports). */
final class Transport {
    private Transport() {}

    /** {@code length}: the IP payload's length as the IP header says. */
    static Decoded of(int protocol, ByteBuffer p, String from, String to, int length, boolean v6) {
        String ip = v6 ? "IPv6 " : "IPv4 ";
        String inIp = v6 ? "ipv6" : "ipv4";
        return switch (protocol) {
            case 1 -> new Decoded("icmp", from, to, null, null, p.limit() < 1 ? null : p.get(0) & 0xff, null,
                    ip + from + " > " + to + " ICMP " + icmp(p));
            case 58 -> new Decoded("icmp6", from, to, null, null, p.limit() < 1 ? null : p.get(0) & 0xff, null,
                    ip + from + " > " + to + " ICMPv6 " + icmp6(p));
            case 6 -> p.limit() < 20 ? Decoded.of("tcp", from, to, ip + from + " > " + to + " TCP, truncated") : tcp(ip, p, from, to, length);
            case 17 -> p.limit() < 8 ? Decoded.of("udp", from, to, ip + from + " > " + to + " UDP, truncated")
                    : new Decoded("udp", from, to, port(p, 0), port(p, 2), null, null,
                            ip + from + "." + port(p, 0) + " > " + to + "." + port(p, 2) + " UDP, length " + ((p.getShort(4) & 0xffff) - 8));
            default -> Decoded.of(inIp, from, to, ip + from + " > " + to + " protocol " + protocol + ", length " + length);
        };
    }

    private static int port(ByteBuffer p, int at) {
        return p.getShort(at) & 0xffff;
    }

    private static String icmp(ByteBuffer p) {
        if (p.limit() < 4) return "truncated";
        int type = p.get(0) & 0xff, code = p.get(1) & 0xff;
        String echo = p.limit() >= 8 ? ", id " + port(p, 4) + ", seq " + port(p, 6) : "";
        return switch (type) {
            case 0 -> "echo reply" + echo;
            case 8 -> "echo request" + echo;
            case 3 -> "destination unreachable, code " + code;
            case 11 -> "time exceeded, code " + code;
            default -> "type " + type + ", code " + code;
        };
    }

    private static String icmp6(ByteBuffer p) {
        if (p.limit() < 4) return "truncated";
        int type = p.get(0) & 0xff;
        return switch (type) {
            case 128 -> "echo request";
            case 129 -> "echo reply";
            case 133 -> "router solicitation";
            case 134 -> "router advertisement";
            case 135 -> "neighbor solicitation";
            case 136 -> "neighbor advertisement";
            case 143 -> "multicast listener report v2";
            default -> "type " + type + ", code " + (p.get(1) & 0xff);
        };
    }

    private static Decoded tcp(String ip, ByteBuffer p, String from, String to, int length) {
        int offset = ((p.get(12) & 0xf0) >> 4) * 4;
        int flags = p.get(13) & 0xff;
        StringBuilder f = new StringBuilder();
        String names = "FSRP.UEC"; // FIN SYN RST PSH ACK URG ECE CWR; ACK prints as "."
        for (int i = 0; i < 8; i++) if ((flags & (1 << i)) != 0) f.append(names.charAt(i));
        long seq = Integer.toUnsignedLong(p.getInt(4)), ack = Integer.toUnsignedLong(p.getInt(8));
        int data = Math.max(0, length - offset);
        String ackText = (flags & 0x10) != 0 ? ", ack " + ack : "";
        return new Decoded("tcp", from, to, port(p, 0), port(p, 2), null, f.toString(),
                ip + from + "." + port(p, 0) + " > " + to + "." + port(p, 2) + " TCP [" + f + "], seq " + seq + ackText + ", length " + data);
    }
}
