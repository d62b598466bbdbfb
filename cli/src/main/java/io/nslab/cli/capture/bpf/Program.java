package io.nslab.cli.capture.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A classic BPF program compiled from a {@link Filter}: what SO_ATTACH_FILTER attaches to a
 * packet socket (each packet it accepts is kept up to {@code snaplen} bytes, the others never
 * leave the kernel), and its listing as {@code tcpdump -d} prints it.
 */
public record Program(List<Insn> instructions) {
    public Program {
        instructions = List.copyOf(instructions);
    }

    public static Program compile(Filter filter, int snaplen) {
        List<Node> blocks = Optimizer.optimize(filter.compile(Node.Verdict.ACCEPT, Node.Verdict.REJECT));
        Map<Node, Integer> start = new HashMap<>();
        int at = 0;
        for (Node n : blocks) {
            start.put(n, at);
            at += n instanceof Node.Test t ? t.loads.size() + 1 : 1;
        }
        List<Insn> out = new ArrayList<>();
        for (Node n : blocks) {
            if (n instanceof Node.Test t) {
                out.addAll(t.loads);
                int next = out.size() + 1;
                out.add(t.jump.withJumps(offset(start.get(t.jt) - next), offset(start.get(t.jf) - next)));
            } else {
                out.add(Insn.ret(n == Node.Verdict.ACCEPT ? snaplen : 0));
            }
        }
        return new Program(out);
    }

    /**
     * The program for no filter: every packet, kept up to {@code snaplen} bytes. tcpdump attaches
     * it too (what {@code tcpdump -d -s N} prints with no expression): the truncation then happens
     * in the kernel, which copies {@code snaplen} bytes of each packet into the ring rather than all
     * of it (a 64 KiB TCP segment on a veth), so headers-only capture is cheap and the ring holds
     * thousands of packets a block rather than three.
     */
    public static Program everything(int snaplen) {
        return new Program(List.of(Insn.ret(snaplen)));
    }

    private static int offset(int jump) {
        if (jump < 0 || jump > 255) throw new IllegalArgumentException("the filter is too long for classic BPF's 8-bit jumps");
        return jump;
    }

    /** The program as {@code struct sock_filter[]} in the machine's byte order, in a direct buffer. */
    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocateDirect(8 * instructions.size()).order(ByteOrder.nativeOrder());
        for (Insn i : instructions) i.encode(b);
        return b.flip();
    }

    /** One line per instruction, as {@code tcpdump -d}. */
    public String dump() {
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < instructions.size(); n++) s.append(instructions.get(n).text(n)).append('\n');
        return s.toString();
    }
}
