package io.nslab.cli.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The neighbour entries each of a run's probes leaves (see {@link ChannelWindow}), as pingall
 * counts a pair's: to a node on the source's segment two (the source's for the target, the
 * target's for the source), one the host side routes four ({@link PingTargets#routedEntries});
 * to an address no node of the lab has, none known.
 */
public final class ProbeEntries {
    final List<List<NeighbourWindow.Entry>> byProbe;

    private ProbeEntries(List<List<NeighbourWindow.Entry>> byProbe) {
        this.byProbe = byProbe;
    }

    /** For probes from the nodes {@code from} to the addresses {@code to} (in the probes' order). */
    public static ProbeEntries of(PingTargets targets, List<String> from, List<String> to) {
        Map<String, String> nodeAt = new HashMap<>();
        targets.interfaces().forEach((node, ifaces) -> ifaces.forEach(i -> nodeAt.putIfAbsent(i.cidr().address().toString(), node)));
        List<List<NeighbourWindow.Entry>> out = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) out.add(targets.entries(from.get(i), nodeAt.get(to.get(i))));
        return new ProbeEntries(out);
    }
}
