package io.nslab.topology.graph;

import io.nslab.topology.model.Link;

/**
 * A connection between two vertices: a bridge port (a node's veth on a bridge), a
 * point-to-point link, the host side owning a bridge, or a node sharing another's
 * network namespace. A port carries its {@link Port}, a link its {@link Link}.
 * Compared by identity: two nodes may be joined twice.
 */
public final class Edge {
    public enum Kind { PORT, LINK, BRIDGE_ON_HOST, SHARES_NETNS }

    private final Kind kind;
    private final String label;
    private final Port port;
    private final Link link;

    private Edge(Kind kind, String label, Port port, Link link) {
        this.kind = kind;
        this.label = label;
        this.port = port;
        this.link = link;
    }

    static Edge port(Port p) { return new Edge(Kind.PORT, p.iface().name(), p, null); }

    static Edge link(Link l) { return new Edge(Kind.LINK, l.a().ifname() + " - " + l.b().ifname(), null, l); }

    static Edge bridgeOnHost(String label) { return new Edge(Kind.BRIDGE_ON_HOST, label, null, null); }

    static Edge sharesNetns() { return new Edge(Kind.SHARES_NETNS, "shares netns", null, null); }

    public Kind kind() { return kind; }

    public String label() { return label; }

    /** The port a PORT edge is; null for other kinds. */
    public Port port() { return port; }

    /** The link a LINK edge is; null for other kinds. */
    public Link link() { return link; }

    @Override
    public String toString() { return kind + "(" + label + ")"; }
}
