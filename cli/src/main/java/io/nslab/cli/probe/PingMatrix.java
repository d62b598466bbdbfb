package io.nslab.cli.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of a pingall: for every source, the result of pinging every other target
 * (a source does not ping itself), in the order the caller gave them.
 */
public record PingMatrix(List<String> sources, List<String> targets, Map<String, Map<String, ProbeResult>> results) {

    /** One source-to-target result. */
    public record Pair(String source, String target, ProbeResult result) {}

    /** The result of source pinging target, or null when that pair was not probed. */
    public ProbeResult get(String source, String target) {
        Map<String, ProbeResult> row = results.get(source);
        return row == null ? null : row.get(target);
    }

    /** The pairs probed, by source, then by target, in the order of the lists (each row keeps its targets in that order). */
    public List<Pair> pairs() {
        List<Pair> pairs = new ArrayList<>();
        for (String source : sources) {
            results.getOrDefault(source, Map.of()).forEach((target, r) -> pairs.add(new Pair(source, target, r)));
        }
        return pairs;
    }

    public List<Pair> failures() {
        return pairs().stream().filter(p -> !p.result().ok()).toList();
    }

    public boolean allOk() {
        return failures().isEmpty();
    }
}
