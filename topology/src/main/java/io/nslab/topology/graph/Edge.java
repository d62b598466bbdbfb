package io.nslab.topology.graph;

/**
 * A connection between two vertices: a bridge port (a node's veth on a bridge), a
 * point-to-point link, the host side owning a bridge, or a node sharing another's
 * network namespace. Compared by identity: two nodes may be joined twice.
 */
public final class Edge {
    public enum Kind { PORT, LINK, BRIDGE_ON_HOST, SHARES_NETNS }

    private final Kind kind;
    private final String label;

    public Edge(Kind kind, String label) {
        this.kind = kind;
        this.label = label;
    }

    public Kind kind() { return kind; }

    public String label() { return label; }

    @Override
    public String toString() { return kind + "(" + label + ")"; }
}
