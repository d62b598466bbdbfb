package io.nslab.topology.graph;

import java.util.List;
import java.util.function.Supplier;

/**
 * A thing of the lab that holds interfaces: the host side, a bridge, or a node. {@code id}
 * is unique in the graph ({@code host}, {@code bridge:NAME}, {@code node:NAME});
 * {@code lines} is what a picture shows of it, title first, made when first asked for: the
 * plan reads the graph for its shape only. One vertex per id, so compared by identity.
 */
public final class Vertex {
    public enum Kind { HOST, BRIDGE, NODE }

    static final String HOST = "host";

    private final Kind kind;
    private final String id;
    private Supplier<List<String>> describe;
    private List<String> lines;

    Vertex(Kind kind, String id, Supplier<List<String>> describe) {
        this.kind = kind;
        this.id = id;
        this.describe = describe;
    }

    static String bridgeId(String bridge) { return "bridge:" + bridge; }

    static String nodeId(String node) { return "node:" + node; }

    public Kind kind() { return kind; }

    public String id() { return id; }

    public List<String> lines() {
        if (lines == null) {
            lines = List.copyOf(describe.get());
            describe = null;
        }
        return lines;
    }

    public String title() { return lines().get(0); }

    /** The bridge's or node's name in the lab file; {@code host} for the host side. */
    public String name() { return id.substring(id.indexOf(':') + 1); }

    @Override
    public String toString() { return kind + "(" + id + ")"; }
}
