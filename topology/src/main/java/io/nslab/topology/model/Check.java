package io.nslab.topology.model;

/**
 * What must hold once the lab is up: one probe ({@code ping}, {@code tcp}, {@code udp} or
 * {@code http}) with its target as written, made from a node or {@code host}.
 */
public record Check(String from, String probe, String target, Expect expect, int timeoutMs) {
    public static final java.util.List<String> PROBES = java.util.List.of("ping", "tcp", "udp", "http");
    public static final int DEFAULT_TIMEOUT_MS = 2000;

    @Override
    public String toString() {
        return "from " + from + " " + probe + " " + target + (expect.fail() ? " (expect fail)" : "");
    }
}
