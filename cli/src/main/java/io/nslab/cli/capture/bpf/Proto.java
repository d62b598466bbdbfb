package io.nslab.cli.capture.bpf;

/**
 * {@code ip}, {@code ip6}, {@code arp}, {@code icmp}, {@code icmp6}, {@code tcp}, {@code udp}.
 * As tcpdump: {@code tcp}, {@code udp} and {@code icmp6} match IPv4 (protocol at byte 23) or
 * IPv6 (next header at byte 20, or behind one fragment header: 0x2c, then byte 54); {@code icmp}
 * is IPv4's only.
 */
public record Proto(String name) implements Filter {
    static final int ICMP = 1, TCP = 6, UDP = 17, ICMPV6 = 58, IPV6_FRAGMENT = 0x2c;

    public Proto {
        if (number(name) < 0) throw new IllegalArgumentException("no protocol " + name);
    }

    /** The IP protocol number, 0 for a link-layer name, -1 for none. */
    static int number(String name) {
        return switch (name) {
            case "ip", "ip6", "arp" -> 0;
            case "icmp" -> ICMP;
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "icmp6" -> ICMPV6;
            default -> -1;
        };
    }

    @Override
    public Node compile(Node yes, Node no) {
        return switch (name) {
            case "ip" -> Filter.etherType(IPV4, yes, no);
            case "ip6" -> Filter.etherType(IPV6, yes, no);
            case "arp" -> Filter.etherType(ARP, yes, no);
            case "icmp" -> ipv4(ICMP, yes, no);
            case "icmp6" -> ipv6(ICMPV6, yes, no);
            default -> ipv4(number(name), yes, ipv6(number(name), yes, no));
        };
    }

    /** An IPv4 packet of protocol {@code p}. */
    static Node ipv4(int p, Node yes, Node no) {
        return Filter.etherType(IPV4, Node.Test.packet(Insn.LD_B_ABS, 23, Insn.JEQ_K, p, yes, no), no);
    }

    /** An IPv6 packet whose next header is {@code p}, or a fragment header and then {@code p}. */
    static Node ipv6(int p, Node yes, Node no) {
        Node behindFragment = Node.Test.packet(Insn.LD_B_ABS, 20, Insn.JEQ_K, IPV6_FRAGMENT,
                Node.Test.packet(Insn.LD_B_ABS, 54, Insn.JEQ_K, p, yes, no), no);
        return Filter.etherType(IPV6, Node.Test.packet(Insn.LD_B_ABS, 20, Insn.JEQ_K, p, yes, behindFragment), no);
    }
}
