package io.nslab.cli.capture.bpf;

/**
 * {@code [src|dst] host A.B.C.D}: as tcpdump, an IPv4 packet from or to the address (bytes 26
 * and 30), or an ARP or RARP packet whose sender or target protocol address it is (bytes 28
 * and 38).
 */
public record Host(Direction direction, int address) implements Filter {
    @Override
    public Node compile(Node yes, Node no) {
        Node arp = addresses(28, 38, yes, no);
        Node arpOrRarp = Filter.etherType(ARP, arp, Filter.etherType(RARP, arp, no));
        return Filter.etherType(IPV4, addresses(26, 30, yes, no), arpOrRarp);
    }

    private Node addresses(int source, int destination, Node yes, Node no) {
        return switch (direction) {
            case SRC -> word(source, yes, no);
            case DST -> word(destination, yes, no);
            case EITHER -> word(source, yes, word(destination, yes, no));
        };
    }

    private Node word(int offset, Node yes, Node no) {
        return Node.Test.packet(Insn.LD_W_ABS, offset, Insn.JEQ_K, address, yes, no);
    }
}
