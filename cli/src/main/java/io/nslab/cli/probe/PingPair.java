package io.nslab.cli.probe;

/** A node that pings ({@code source}) and the node it pings ({@code target}), by name. */
public record PingPair(String source, String target) {
    public PingPair reversed() {
        return new PingPair(target, source);
    }
}
