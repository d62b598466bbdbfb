package io.nslab.cli.capture.bpf;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What is known on every path into a block about values at fixed places in the packet: "the
 * half-word at 12 is 0x800", "the byte at 23 is not 6". The packet does not change while the
 * filter runs, so a fact learned by one test holds for every later one, whatever was loaded
 * in between. Immutable.
 */
final class Facts {
    static final Facts NONE = new Facts(Map.of());

    /** Of one load: its value, or (when that is unknown) the values it is known not to have. */
    private record Known(Integer value, Set<Integer> not) {}

    private final Map<Insn, Known> byLoad;

    private Facts(Map<Insn, Known> byLoad) {
        this.byLoad = byLoad;
    }

    /** These facts, and what taking {@code branch} of {@code test} teaches. */
    Facts after(Node.Test test, boolean branch) {
        Insn load = test.comparedLoad();
        if (load == null || test.jump.code() != Insn.JEQ_K) return this;
        Map<Insn, Known> next = new HashMap<>(byLoad);
        Known known = next.get(load);
        if (branch) next.put(load, new Known(test.jump.k(), Set.of()));
        else if (known == null || known.value() == null) {
            Set<Integer> not = new HashSet<>(known == null ? Set.of() : known.not());
            not.add(test.jump.k());
            next.put(load, new Known(null, Set.copyOf(not)));
        }
        return new Facts(next);
    }

    /** What holds on both paths (where two paths meet). */
    Facts meet(Facts other) {
        Map<Insn, Known> both = new HashMap<>();
        for (Map.Entry<Insn, Known> e : byLoad.entrySet()) {
            Known a = e.getValue(), b = other.byLoad.get(e.getKey());
            if (b == null) continue;
            if (a.value() != null && a.value().equals(b.value())) both.put(e.getKey(), a);
            else {
                Set<Integer> not = new HashSet<>();
                // "is v" excludes every other value: keep what the other side excludes, but v.
                if (a.value() == null && b.value() == null) { not.addAll(a.not()); not.retainAll(b.not()); }
                else if (a.value() == null) { not.addAll(a.not()); not.remove(b.value()); }
                else if (b.value() == null) { not.addAll(b.not()); not.remove(a.value()); }
                if (!not.isEmpty()) both.put(e.getKey(), new Known(null, Set.copyOf(not)));
            }
        }
        return new Facts(both);
    }

    /** Whether {@code test}'s jump is taken, when these facts decide it; null when they do not. */
    Boolean decide(Node.Test test) {
        Insn load = test.comparedLoad();
        Known known = load == null ? null : byLoad.get(load);
        if (known == null) return null;
        int k = test.jump.k();
        if (test.jump.code() == Insn.JEQ_K) {
            if (known.value() != null) return known.value() == k;
            return known.not().contains(k) ? Boolean.FALSE : null;
        }
        if (test.jump.code() == Insn.JSET_K && known.value() != null) return (known.value() & k) != 0;
        return null;
    }
}
