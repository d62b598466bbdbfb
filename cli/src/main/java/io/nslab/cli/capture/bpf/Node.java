package io.nslab.cli.capture.bpf;

import java.util.ArrayList;
import java.util.List;

/**
 * A block of the filter's control-flow graph before it is laid out: a {@link Test} (loads,
 * then a conditional jump) or one of the two verdicts. The compiler builds the graph by
 * continuation (each part of the expression is given where to go when it holds and when not),
 * so a shared tail is one block, never a copy.
 */
sealed interface Node permits Node.Test, Node.Verdict {
    enum Verdict implements Node { ACCEPT, REJECT }

    /** {@code loads} (into A or X), then jump to {@code jt} when {@code jump} (jeq/jset #k) holds, else to {@code jf}. */
    final class Test implements Node {
        final List<Insn> loads;
        final Insn jump;
        Node jt, jf;

        Test(List<Insn> loads, Insn jump, Node jt, Node jf) {
            this.loads = new ArrayList<>(loads);
            this.jump = jump;
            this.jt = jt;
            this.jf = jf;
        }

        /** Compares the value at an absolute place in the packet: {@code ld/ldh/ldb [k]; jeq|jset #v}. */
        static Test packet(int loadCode, int offset, int jumpCode, int value, Node jt, Node jf) {
            return new Test(List.of(Insn.load(loadCode, offset)), new Insn(jumpCode, 0, 0, value), jt, jf);
        }

        /** The absolute load whose value the jump compares, or null (an indirect load: X-relative). */
        Insn comparedLoad() {
            Insn last = loads.isEmpty() ? null : loads.get(loads.size() - 1);
            return last != null && last.isAbsoluteLoad() ? last : null;
        }
    }
}
