package io.nslab.cli.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every node pings every other node, all at once (see {@link Pinger}). */
public final class Pingall {
    /**
     * Neighbour entries a pingall may hold at once (see {@link NeighbourWindow}): a quarter of
     * the kernel's default limit for the whole machine, so other users keep the rest.
     */
    static final int NEIGHBOUR_BUDGET = 256;

    private Pingall() {}

    /** Which interface of a source's namespace has the target's address on its subnet (null: routed, or not known). */
    @FunctionalInterface
    public interface OnLink {
        OnLink NOWHERE = (source, target) -> null;

        String interfaceToward(String source, String target);

        /** The entries a routed pair's pings leave, in the namespaces that route them (none: not known, left alone). */
        default List<NeighbourWindow.Entry> routedEntries(String source, String target) {
            return List.of();
        }
    }

    /**
     * @param sources name → network namespace path of each node that pings
     * @param targets name → address of each node to be pinged (usually its first address);
     *                a source never pings the target of its own name
     * @param timeout how long each ping may take
     */
    public static PingMatrix run(Map<String, String> sources, Map<String, InetAddress> targets, Duration timeout) {
        return run(sources, targets, timeout, OnLink.NOWHERE);
    }

    /**
     * As {@link #run(Map, Map, Duration)}, within a budget of the kernel's neighbour entries:
     * pairs on one segment (as {@code onLink} tells) are pinged a bounded number at a time,
     * each pair's entries deleted once it is answered.
     */
    public static PingMatrix run(Map<String, String> sources, Map<String, InetAddress> targets, Duration timeout, OnLink onLink) {
        return run(sources, targets, allPairs(sources, targets), timeout, onLink);
    }

    /**
     * Every pair: each source with each target but itself, in file order, a pair's way back
     * right after it where there is one (both share the pair's two neighbour entries).
     */
    public static List<PingPair> allPairs(Map<String, String> sources, Map<String, InetAddress> targets) {
        List<PingPair> pairs = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String source : sources.keySet()) {
            for (String target : targets.keySet()) {
                if (source.equals(target) || !listed.add(source + "\0" + target)) continue;
                pairs.add(new PingPair(source, target));
                if (sources.containsKey(target) && targets.containsKey(source) && listed.add(target + "\0" + source)) {
                    pairs.add(new PingPair(target, source));
                }
            }
        }
        return pairs;
    }

    /**
     * As {@link #run(Map, Map, Duration, OnLink)}, for these pairs only (each of a source and a
     * target given; {@link PairSample} draws some). A pair followed by its way back shares its
     * neighbour entries with it.
     */
    public static PingMatrix run(Map<String, String> sources, Map<String, InetAddress> targets, List<PingPair> pairs,
                                 Duration timeout, OnLink onLink) {
        List<Probe.Ping> pings = new ArrayList<>();
        List<NeighbourWindow.Group> groups = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            String source = pairs.get(i).source(), target = pairs.get(i).target();
            boolean back = i + 1 < pairs.size() && pairs.get(i + 1).equals(pairs.get(i).reversed());
            List<NeighbourWindow.Entry> entries = new ArrayList<>();
            String there = onLink.interfaceToward(source, target);
            String here = back ? onLink.interfaceToward(target, source) : null;
            if (there != null) entries.add(new NeighbourWindow.Entry(sources.get(source), there, targets.get(target).getHostAddress()));
            if (here != null) entries.add(new NeighbourWindow.Entry(sources.get(target), here, targets.get(source).getHostAddress()));
            if (there == null) entries.addAll(onLink.routedEntries(source, target)); // the way back leaves the same four
            NeighbourWindow.Group group = new NeighbourWindow.Group(entries, back ? 2 : 1);
            pings.add(new Probe.Ping(sources.get(source), targets.get(target), timeout));
            groups.add(group);
            if (back) {
                pings.add(new Probe.Ping(sources.get(target), targets.get(source), timeout));
                groups.add(group);
                i++;
            }
        }
        NeighbourWindow window = new NeighbourWindow(NEIGHBOUR_BUDGET, groups.toArray(NeighbourWindow.Group[]::new), new NeighbourDeleter());
        List<ProbeResult> results;
        try {
            results = Pinger.run(pings, window);
        } finally {
            window.close();
        }
        // Rows in file order, each with its targets in file order (not probe order); only the
        // pairs pinged (a sample of a big lab would otherwise fill nodes × nodes cells).
        Map<String, Integer> order = new HashMap<>();
        for (String target : targets.keySet()) order.put(target, order.size());
        Map<String, List<Integer>> bySource = new HashMap<>();
        for (int i = 0; i < pairs.size(); i++) bySource.computeIfAbsent(pairs.get(i).source(), k -> new ArrayList<>()).add(i);
        Map<String, Map<String, ProbeResult>> matrix = new LinkedHashMap<>();
        for (String source : sources.keySet()) {
            Map<String, ProbeResult> row = new LinkedHashMap<>();
            bySource.getOrDefault(source, List.of()).stream()
                    .sorted(Comparator.comparingInt(i -> order.get(pairs.get(i).target())))
                    .forEach(i -> row.put(pairs.get(i).target(), results.get(i)));
            matrix.put(source, Collections.unmodifiableMap(row));
        }
        return new PingMatrix(List.copyOf(sources.keySet()), List.copyOf(targets.keySet()), Collections.unmodifiableMap(matrix));
    }
}
