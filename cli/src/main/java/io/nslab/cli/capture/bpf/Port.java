package io.nslab.cli.capture.bpf;

import java.util.List;

/**
 * {@code [tcp|udp] [src|dst] port N}: as tcpdump, over IPv6 first (ports at bytes 54 and 56,
 * no fragment header looked through) then IPv4, where only a first fragment has ports
 * ({@code jset #0x1fff} on the fragment offset) and the header's length is read into X
 * ({@code ldxb 4*([14]&0xf)}). Without tcp or udp, SCTP (132), TCP and UDP all count.
 */
public record Port(String proto, Direction direction, int port) implements Filter {
    private static final int SCTP = 132;

    @Override
    public Node compile(Node yes, Node no) {
        return Filter.etherType(IPV6, protocol(20, ports(false, 54, yes, no), no),
                Filter.etherType(IPV4, protocol(23, firstFragment(ports(true, 14, yes, no), no), no), no));
    }

    /** The protocol byte at {@code offset} is one of the protocols this port may belong to. */
    private Node protocol(int offset, Node yes, Node no) {
        List<Integer> protocols = proto == null ? List.of(SCTP, Proto.TCP, Proto.UDP) : List.of(Proto.number(proto));
        Node next = no;
        for (int i = protocols.size() - 1; i >= 0; i--) next = Node.Test.packet(Insn.LD_B_ABS, offset, Insn.JEQ_K, protocols.get(i), yes, next);
        return next;
    }

    /** IPv4: not a later fragment (fragment offset, the low 13 bits of bytes 20-21, is 0). */
    private static Node firstFragment(Node yes, Node no) {
        return Node.Test.packet(Insn.LD_H_ABS, 20, Insn.JSET_K, 0x1fff, no, yes);
    }

    /** The source or destination port, after the IP header ({@code indirect}: its length in X, from byte 14). */
    private Node ports(boolean indirect, int base, Node yes, Node no) {
        return switch (direction) {
            case SRC -> port(indirect, base, yes, no);
            case DST -> port(indirect, base + 2, yes, no);
            case EITHER -> port(indirect, base, yes, port(indirect, base + 2, yes, no));
        };
    }

    private Node port(boolean indirect, int offset, Node yes, Node no) {
        if (!indirect) return Node.Test.packet(Insn.LD_H_ABS, offset, Insn.JEQ_K, port, yes, no);
        return new Node.Test(List.of(Insn.ldxIpHeaderLength(14), Insn.load(Insn.LD_H_IND, offset)),
                new Insn(Insn.JEQ_K, 0, 0, port), yes, no);
    }
}
