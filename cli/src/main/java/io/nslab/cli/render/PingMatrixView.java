package io.nslab.cli.render;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.addr.IpAddress;
import io.nslab.cli.probe.PairSample;
import io.nslab.cli.probe.PingMatrix;

/** A pingall's result for people (Mininet's layout: who each node reached, X where it failed) or as JSON. */
public final class PingMatrixView {
    /** Failures listed one by one in the text form; the rest are counted (--json lists them all). */
    static final int LISTED_FAILURES = 20;

    private PingMatrixView() {}

    public static String text(PingMatrix m, Duration elapsed) {
        StringBuilder out = new StringBuilder();
        int width = m.sources().stream().mapToInt(String::length).max().orElse(0);
        for (String source : m.sources()) {
            out.append(source).append(" ".repeat(width - source.length())).append(" ->");
            for (String target : m.targets()) {
                var r = m.get(source, target);
                if (r != null) out.append(' ').append(r.ok() ? target : "X");
            }
            out.append('\n');
        }
        return failuresAndCount(out, m, elapsed).append('\n').toString();
    }

    /**
     * A sampled pingall: no matrix (with 10,000 nodes it would be 10,000 lines of a few pairs
     * each), the failures and the count, with how to draw the same pairs again.
     */
    public static String text(PingMatrix m, PairSample sample, Duration elapsed) {
        StringBuilder out = failuresAndCount(new StringBuilder(), m, elapsed);
        out.append(" (").append(sample.whole() ? "every one of the " + sample.of() + " pairs"
                : "a sample of " + sample.pairs().size() + " of " + sample.of() + " pairs");
        return out.append(", seed ").append(sample.seed()).append(")\n").toString();
    }

    private static StringBuilder failuresAndCount(StringBuilder out, PingMatrix m, Duration elapsed) {
        List<PingMatrix.Pair> failures = m.failures();
        for (PingMatrix.Pair f : failures.subList(0, Math.min(LISTED_FAILURES, failures.size()))) {
            out.append(f.source()).append(" -> ").append(f.target()).append(": ").append(f.result().detail()).append('\n');
        }
        if (failures.size() > LISTED_FAILURES) {
            out.append("... and ").append(failures.size() - LISTED_FAILURES).append(" more failures (--json lists every pair)\n");
        }
        int pairs = m.pairs().size();
        out.append("pingall: ").append(pairs - failures.size()).append('/').append(pairs).append(" pairs answered");
        if (!failures.isEmpty()) out.append(", ").append(failures.size()).append(" failed");
        return out.append(", in ").append(elapsed.toMillis()).append(" ms");
    }

    public static String json(String lab, PingMatrix m, Map<String, InetAddress> addresses, Duration elapsed) {
        return json(lab, m, null, addresses, elapsed, 4);
    }

    /**
     * As JSON, with the address family pinged (4 or 6); a sampled pingall ({@code sample} not
     * null) also says how many pairs there were and the seed.
     */
    public static String json(String lab, PingMatrix m, PairSample sample, Map<String, InetAddress> addresses, Duration elapsed, int family) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        List<PingMatrix.Pair> pairs = m.pairs();
        long failed = pairs.stream().filter(p -> !p.result().ok()).count();
        root.put("lab", lab).put("family", family).put("ok", failed == 0).put("pairs", pairs.size()).put("failed", failed)
                .put("elapsed_ms", elapsed.toMillis());
        if (sample != null) root.putObject("sample").put("of", sample.of()).put("seed", sample.seed());
        ArrayNode results = root.putArray("results");
        for (PingMatrix.Pair p : pairs) {
            results.addObject().put("from", p.source()).put("to", p.target())
                    .put("address", IpAddress.of(addresses.get(p.target()).getAddress()).toString())
                    .put("ok", p.result().ok())
                    .put("rtt_us", Math.round(p.result().elapsed().toNanos() / 1000.0))
                    .put("detail", p.result().detail());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain values always serializes
        }
    }
}
