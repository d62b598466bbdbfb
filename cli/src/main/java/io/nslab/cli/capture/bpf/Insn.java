package io.nslab.cli.capture.bpf;

import java.nio.ByteBuffer;

/**
 * One classic BPF instruction ({@code struct sock_filter}: u16 code, u8 jt, u8 jf, u32 k), as
 * SO_ATTACH_FILTER takes it, and its line in {@code tcpdump -d} form. Only the opcodes the
 * filter compiler emits are named.
 */
public record Insn(int code, int jt, int jf, int k) {
    static final int LD_W_ABS = 0x20, LD_H_ABS = 0x28, LD_B_ABS = 0x30;
    static final int LD_H_IND = 0x48, LD_B_IND = 0x50;
    static final int LDX_B_MSH = 0xb1;
    static final int JEQ_K = 0x15, JSET_K = 0x45;
    static final int RET_K = 0x06;

    static Insn load(int code, int offset) { return new Insn(code, 0, 0, offset); }

    /** Loads X with 4 * (the low nibble of byte {@code offset}): the IPv4 header length. */
    static Insn ldxIpHeaderLength(int offset) { return new Insn(LDX_B_MSH, 0, 0, offset); }

    static Insn ret(int k) { return new Insn(RET_K, 0, 0, k); }

    boolean isJump() { return (code & 0x07) == 0x05; }

    /** A load of a fixed place in the packet into A (its value never changes while the filter runs). */
    boolean isAbsoluteLoad() { return code == LD_W_ABS || code == LD_H_ABS || code == LD_B_ABS; }

    /** This instruction with its jumps resolved: {@code jt}/{@code jf} counted from the next instruction. */
    Insn withJumps(int jt, int jf) { return new Insn(code, jt, jf, k); }

    void encode(ByteBuffer out) {
        out.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }

    /** As {@code tcpdump -d} prints instruction number {@code n}. */
    String text(int n) {
        String op, operand;
        switch (code) {
            case LD_W_ABS -> { op = "ld"; operand = "[" + k + "]"; }
            case LD_H_ABS -> { op = "ldh"; operand = "[" + k + "]"; }
            case LD_B_ABS -> { op = "ldb"; operand = "[" + k + "]"; }
            case LD_H_IND -> { op = "ldh"; operand = "[x + " + k + "]"; }
            case LD_B_IND -> { op = "ldb"; operand = "[x + " + k + "]"; }
            case LDX_B_MSH -> { op = "ldxb"; operand = "4*([" + k + "]&0xf)"; }
            case JEQ_K -> { op = "jeq"; operand = "#0x" + Integer.toHexString(k); }
            case JSET_K -> { op = "jset"; operand = "#0x" + Integer.toHexString(k); }
            case RET_K -> { op = "ret"; operand = "#" + Integer.toUnsignedString(k); }
            default -> throw new IllegalStateException("opcode 0x" + Integer.toHexString(code));
        }
        if (isJump()) return String.format("(%03d) %-8s %-16s jt %d\tjf %d", n, op, operand, n + 1 + jt, n + 1 + jf);
        return String.format("(%03d) %-8s %s", n, op, operand);
    }
}
