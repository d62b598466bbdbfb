package io.nslab.netlink.tc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A classic BPF program (struct sock_filter: code, jt, jf, k), the kind cls_bpf accepts
 * without the bpf(2) syscall, a verifier or a compiler. As a classifier it answers 0 for "no
 * match" (the packet goes on untouched) and -1 for "match" (the filter's actions run).
 */
public record ClassicBpf(List<Insn> program) {
    public record Insn(int code, int jt, int jf, int k) {}

    static final int LD_W_ABS = 0x20, JEQ_K = 0x15, RET_K = 0x06;
    /** SKF_AD_OFF + SKF_AD_MARK: a load from this offset reads skb->mark. */
    static final int SKB_MARK = 0xFFFFF000 + 20;

    public ClassicBpf {
        program = List.copyOf(program);
    }

    /**
     * Matches every packet but those carrying {@code mark}: the packets a delay line sends
     * back out carry it, so they pass instead of being taken again.
     * <pre>ld #mark; jeq #MARK, pass, take; pass: ret #0; take: ret #-1</pre>
     */
    public static ClassicBpf allButMark(int mark) {
        return new ClassicBpf(List.of(new Insn(LD_W_ABS, 0, 0, SKB_MARK), new Insn(JEQ_K, 0, 1, mark),
                new Insn(RET_K, 0, 0, 0), new Insn(RET_K, 0, 0, -1)));
    }

    /** The program as the kernel reads it, 8 bytes an instruction. */
    public byte[] bytes() {
        ByteBuffer out = ByteBuffer.allocate(8 * program.size()).order(ByteOrder.nativeOrder());
        for (Insn i : program) out.putShort((short) i.code()).put((byte) i.jt()).put((byte) i.jf()).putInt(i.k());
        return out.array();
    }

    /** As tc's {@code bytecode} option writes it: "COUNT,code jt jf k,..." (k unsigned). */
    public String tcBytecode() {
        StringBuilder s = new StringBuilder().append(program.size());
        for (Insn i : program) s.append(',').append(i.code()).append(' ').append(i.jt()).append(' ').append(i.jf()).append(' ').append(Integer.toUnsignedString(i.k()));
        return s.toString();
    }
}
