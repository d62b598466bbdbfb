package io.nslab.cli.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every node pings every other node, all at once (see {@link Pinger}). */
public final class Pingall {
    private Pingall() {}

    /**
     * @param sources name → network namespace path of each node that pings
     * @param targets name → address of each node to be pinged (usually its first address);
     *                a source never pings the target of its own name
     * @param timeout how long each ping may take
     */
    public static PingMatrix run(Map<String, String> sources, Map<String, InetAddress> targets, Duration timeout) {
        List<String[]> pairs = new ArrayList<>();
        List<Probe.Ping> pings = new ArrayList<>();
        for (var source : sources.entrySet()) {
            for (var target : targets.entrySet()) {
                if (source.getKey().equals(target.getKey())) continue;
                pairs.add(new String[] {source.getKey(), target.getKey()});
                pings.add(new Probe.Ping(source.getValue(), target.getValue(), timeout));
            }
        }
        List<ProbeResult> results = Pinger.run(pings);
        Map<String, Map<String, ProbeResult>> matrix = new LinkedHashMap<>();
        for (String source : sources.keySet()) matrix.put(source, new LinkedHashMap<>());
        for (int i = 0; i < pairs.size(); i++) matrix.get(pairs.get(i)[0]).put(pairs.get(i)[1], results.get(i));
        matrix.replaceAll((k, row) -> java.util.Collections.unmodifiableMap(row));
        return new PingMatrix(List.copyOf(sources.keySet()), List.copyOf(targets.keySet()), java.util.Collections.unmodifiableMap(matrix));
    }
}
