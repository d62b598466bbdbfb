package io.nslab.cli.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
        List<String[]> pairs = new ArrayList<>();
        List<Probe.Ping> pings = new ArrayList<>();
        List<NeighbourWindow.Group> groups = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String source : sources.keySet()) {
            for (String target : targets.keySet()) {
                if (source.equals(target) || !listed.add(source + "\0" + target)) continue;
                // The way back right after: both share the pair's two neighbour entries.
                boolean back = sources.containsKey(target) && targets.containsKey(source) && listed.add(target + "\0" + source);
                List<NeighbourWindow.Entry> entries = new ArrayList<>();
                String there = onLink.interfaceToward(source, target);
                String here = back ? onLink.interfaceToward(target, source) : null;
                if (there != null) entries.add(new NeighbourWindow.Entry(sources.get(source), there, targets.get(target).getHostAddress()));
                if (here != null) entries.add(new NeighbourWindow.Entry(sources.get(target), here, targets.get(source).getHostAddress()));
                NeighbourWindow.Group group = new NeighbourWindow.Group(entries, back ? 2 : 1);
                pairs.add(new String[] {source, target});
                pings.add(new Probe.Ping(sources.get(source), targets.get(target), timeout));
                groups.add(group);
                if (back) {
                    pairs.add(new String[] {target, source});
                    pings.add(new Probe.Ping(sources.get(target), targets.get(source), timeout));
                    groups.add(group);
                }
            }
        }
        NeighbourWindow window = new NeighbourWindow(NEIGHBOUR_BUDGET, groups.toArray(NeighbourWindow.Group[]::new), new NeighbourDeleter());
        List<ProbeResult> results;
        try {
            results = Pinger.run(pings, window);
        } finally {
            window.close();
        }
        Map<String, Map<String, ProbeResult>> matrix = new LinkedHashMap<>();
        for (String source : sources.keySet()) {
            Map<String, ProbeResult> row = new LinkedHashMap<>();
            for (String target : targets.keySet()) row.put(target, null); // file order, not probe order
            matrix.put(source, row);
        }
        for (int i = 0; i < pairs.size(); i++) matrix.get(pairs.get(i)[0]).put(pairs.get(i)[1], results.get(i));
        matrix.replaceAll((k, row) -> {
            row.values().removeIf(r -> r == null);
            return Collections.unmodifiableMap(row);
        });
        return new PingMatrix(List.copyOf(sources.keySet()), List.copyOf(targets.keySet()), Collections.unmodifiableMap(matrix));
    }
}
