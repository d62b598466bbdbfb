package io.nslab.cli.capture.bpf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The two clean-ups of tcpdump's optimizer that the supported expressions need, so their
 * programs come out as {@code tcpdump -d} prints them:
 * <ol>
 *   <li>jump threading: a jump to a test whose outcome is already known on that edge ("the
 *       EtherType is 0x800" makes "is it 0x86dd?" false) goes straight to that outcome, and a
 *       jump to a test whose two branches lead to one block goes to that block;</li>
 *   <li>redundant loads: a load of what A (or X) already holds on every path into a block is
 *       left out;</li>
 *   <li>blocks of the same instructions going to the same places are one block (what A
 *       holds comes from the path in, so they behave the same on every path).</li>
 * </ol>
 * Then the blocks are laid out in tcpdump's order: reverse post-order, false branch first.
 */
final class Optimizer {
    private Optimizer() {}

    /** The blocks reachable from {@code root} after both clean-ups, in tcpdump's layout order. */
    static List<Node> optimize(Node root) {
        while (thread(root)) { /* until no jump moves */ }
        dropRedundantLoads(layout(root));
        return layout(mergeSameBlocks(root));
    }

    private static boolean thread(Node root) {
        boolean moved = false;
        Map<Node.Test, Facts> in = new HashMap<>();
        if (root instanceof Node.Test t) in.put(t, Facts.NONE);
        for (Node n : layout(root)) {
            if (!(n instanceof Node.Test t) || !in.containsKey(t)) continue;
            Facts facts = in.get(t);
            for (boolean branch : new boolean[] {true, false}) {
                Facts edge = facts.after(t, branch);
                Node target = branch ? t.jt : t.jf;
                Node to = target;
                Boolean taken = null;
                // A test whose outcome is known here, or whose two branches meet, is passed by.
                while (to instanceof Node.Test next && (next.jt == next.jf || (taken = edge.decide(next)) != null)) {
                    to = next.jt == next.jf ? next.jt : edge.decide(next) ? next.jt : next.jf;
                }
                if (to != target) {
                    moved = true;
                    if (branch) t.jt = to; else t.jf = to;
                }
                if (to instanceof Node.Test next) in.merge(next, edge, Facts::meet);
            }
        }
        return moved;
    }

    /** What A and X hold when a block starts, on every path into it (null: not known). */
    private record Registers(Insn a, Insn x) {
        Registers meet(Registers o) {
            return new Registers(Objects.equals(a, o.a) ? a : null, Objects.equals(x, o.x) ? x : null);
        }
    }

    private static void dropRedundantLoads(List<Node> order) {
        Map<Node.Test, Registers> in = new HashMap<>();
        boolean first = true;
        for (Node n : order) {
            if (!(n instanceof Node.Test t)) continue;
            Registers r = first ? new Registers(null, null) : in.getOrDefault(t, new Registers(null, null));
            first = false;
            Insn a = r.a(), x = r.x();
            for (Iterator<Insn> it = t.loads.iterator(); it.hasNext(); ) {
                Insn load = it.next();
                if (load.code() == Insn.LDX_B_MSH) {
                    if (load.equals(x)) it.remove(); else x = load;
                } else if (load.isAbsoluteLoad()) {
                    if (load.equals(a)) it.remove(); else a = load;
                } else {
                    a = null; // X-relative: its value depends on X
                }
            }
            Registers out = new Registers(a, x);
            for (Node next : List.of(t.jt, t.jf)) {
                if (next instanceof Node.Test nt) in.merge(nt, out, Registers::meet);
            }
        }
    }

    /** The root after every block is replaced by the first block with its very code and successors. */
    private static Node mergeSameBlocks(Node root) {
        record Code(List<Insn> loads, Insn jump, Node jt, Node jf) {}
        Map<Code, Node.Test> canonical = new HashMap<>();
        Map<Node, Node> replaced = new HashMap<>();
        List<Node> order = layout(root);
        for (int i = order.size() - 1; i >= 0; i--) { // successors before their blocks
            if (!(order.get(i) instanceof Node.Test t)) continue;
            t.jt = replaced.getOrDefault(t.jt, t.jt);
            t.jf = replaced.getOrDefault(t.jf, t.jf);
            Node.Test same = canonical.putIfAbsent(new Code(List.copyOf(t.loads), t.jump, t.jt, t.jf), t);
            if (same != null) replaced.put(t, same);
        }
        return replaced.getOrDefault(root, root);
    }

    /**
     * Reverse post-order, the false branch visited before the true one: tcpdump lays out its
     * blocks this way (it fills the program from the end), and every jump goes forward, as
     * classic BPF requires.
     */
    static List<Node> layout(Node root) {
        List<Node> post = new ArrayList<>();
        visit(root, new HashSet<>(), post);
        Collections.reverse(post);
        return post;
    }

    private static void visit(Node n, Set<Node> seen, List<Node> post) {
        if (!seen.add(n)) return;
        if (n instanceof Node.Test t) {
            visit(t.jf, seen, post);
            visit(t.jt, seen, post);
        }
        post.add(n);
    }
}
