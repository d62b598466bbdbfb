package io.nslab.topology.graph;

import java.util.List;

/**
 * A thing of the lab that holds interfaces: the host side, a bridge, or a node. {@code id}
 * is unique in the graph ({@code host}, {@code bridge:NAME}, {@code node:NAME});
 * {@code lines} is what a picture shows of it, title first.
 */
public record Vertex(Kind kind, String id, List<String> lines) {
    public enum Kind { HOST, BRIDGE, NODE }

    static final String HOST = "host";

    public Vertex {
        lines = List.copyOf(lines);
    }

    static String bridgeId(String bridge) { return "bridge:" + bridge; }

    static String nodeId(String node) { return "node:" + node; }

    public String title() { return lines.get(0); }

    /** The bridge's or node's name in the lab file; {@code host} for the host side. */
    public String name() { return id.substring(id.indexOf(':') + 1); }
}
