package io.nslab.topology.graph;

import java.util.List;

/**
 * A thing of the lab that holds interfaces: the host side, a bridge, or a node. {@code id}
 * is unique in the graph ({@code host}, {@code bridge:NAME}, {@code node:NAME});
 * {@code lines} is what a picture shows of it, title first.
 */
public record Vertex(Kind kind, String id, List<String> lines) {
    public enum Kind { HOST, BRIDGE, NODE }

    public Vertex {
        lines = List.copyOf(lines);
    }

    public String title() { return lines.get(0); }
}
