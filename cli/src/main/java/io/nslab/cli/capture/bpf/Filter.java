package io.nslab.cli.capture.bpf;

/**
 * A filter expression, as the subset of tcpdump's language nslab reads ({@link FilterParser}).
 * Each part compiles itself by continuation: given where to go when it holds ({@code yes}) and
 * when not ({@code no}), it returns the block to enter. Each primitive builds the graph
 * tcpdump's code generator builds for it, so that after the same clean-ups ({@link Optimizer})
 * the program is the one {@code tcpdump -d} prints.
 */
public sealed interface Filter permits Proto, Host, Port, Filter.And, Filter.Or, Filter.Not {
    int ETHERTYPE = 12;
    int IPV4 = 0x800, IPV6 = 0x86dd, ARP = 0x806, RARP = 0x8035;

    Node compile(Node yes, Node no);

    record And(Filter left, Filter right) implements Filter {
        public Node compile(Node yes, Node no) { return left.compile(right.compile(yes, no), no); }
    }

    record Or(Filter left, Filter right) implements Filter {
        public Node compile(Node yes, Node no) { return left.compile(yes, right.compile(yes, no)); }
    }

    record Not(Filter inner) implements Filter {
        public Node compile(Node yes, Node no) { return inner.compile(no, yes); }
    }

    /** {@code ldh [12]; jeq #type}: the frame's EtherType. */
    static Node etherType(int type, Node yes, Node no) {
        return Node.Test.packet(Insn.LD_H_ABS, ETHERTYPE, Insn.JEQ_K, type, yes, no);
    }
}
