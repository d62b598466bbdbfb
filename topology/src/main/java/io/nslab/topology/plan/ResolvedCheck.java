package io.nslab.topology.plan;

import io.nslab.topology.model.Expect;

/**
 * A check ready to run: the probe is made from inside {@code netns} (of node {@code from},
 * or of the host side when {@code from} is {@code host}) to {@code address}:{@code port}.
 * {@code target} is the probe as written (for reports); {@code httpPath} and {@code url}
 * are set for http only ({@code url} as written; connect to {@code address}, send Host from it).
 */
public record ResolvedCheck(int index, String from, String netns, String probe, String target, String address, int port,
                            String httpPath, Expect expect, int timeoutMs) {
    /** One line for reports, e.g. {@code client: http http://web/ (172.20.0.10:80)}. */
    public String describe() {
        String to = probe.equals("ping") ? address : address + ":" + port;
        return from + ": " + probe + " " + target + " (" + to + ")" + (expect.fail() ? ", expect fail" : "");
    }
}
