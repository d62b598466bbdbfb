package io.nslab.topology.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jgrapht.Graph;
import org.jgrapht.graph.Pseudograph;

import io.nslab.addr.IpAddress;
import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Link;
import io.nslab.topology.model.Node;

/**
 * The lab as a graph (JGraphT), the model the plan is compiled from: the host side, bridges
 * and nodes as vertices; bridge ports, links, bridges on the host side and shared network
 * namespaces as edges. What joins what (a node's ports and the bridges they are on, the links,
 * whose network namespace a node lives in, the gateway a node's default route goes through) is
 * read here, by {@link io.nslab.topology.plan.PlanCompiler} and by the pictures alike; each
 * vertex also holds what a picture shows of it, with the addresses the lab was given.
 */
public final class LabGraph {
    private final Lab lab;
    private final Graph<Vertex, Edge> graph = new Pseudograph<>(Edge.class);
    private final Map<String, Vertex> byId = new LinkedHashMap<>();

    private LabGraph(Lab lab) { this.lab = lab; }

    /** The graph of a validated lab. */
    public static LabGraph of(Lab lab) {
        LabGraph g = new LabGraph(lab);
        g.build();
        return g;
    }

    public Lab lab() { return lab; }

    public Graph<Vertex, Edge> graph() { return graph; }

    public Vertex vertex(String id) { return byId.get(id); }

    private void add(Vertex v) {
        graph.addVertex(v);
        byId.put(v.id(), v);
    }

    private void build() {
        add(new Vertex(Vertex.Kind.HOST, Vertex.HOST, this::hostLines));
        for (Bridge b : lab.bridges().values()) {
            add(new Vertex(Vertex.Kind.BRIDGE, Vertex.bridgeId(b.name()), () -> List.of("bridge " + b.name(), both(b.subnet(), b.subnet6())
                    + (b.masquerade() ? ", masquerade" : ""))));
            List<String> gateways = new ArrayList<>();
            b.gatewayAddress().ifPresent(gw -> gateways.add(gw.toString()));
            b.gateway6Address().ifPresent(gw -> gateways.add(gw.toString()));
            graph.addEdge(byId.get(Vertex.HOST), byId.get(Vertex.bridgeId(b.name())),
                    Edge.bridgeOnHost(gateways.isEmpty() ? "no gateway" : "gateway " + String.join(" ", gateways)));
        }
        for (Node n : lab.nodes().values()) add(new Vertex(Vertex.Kind.NODE, Vertex.nodeId(n.name()), () -> nodeLines(n)));
        for (Node n : lab.nodes().values()) {
            Vertex v = byId.get(Vertex.nodeId(n.name()));
            for (Interface i : n.interfaces().values()) {
                if (i.onBridge()) graph.addEdge(v, byId.get(Vertex.bridgeId(i.bridge())), Edge.port(new Port(n, i, lab.bridges().get(i.bridge()))));
            }
            if (!n.ownNetns()) {
                Vertex owner = n.sharesHostNetns() ? byId.get(Vertex.HOST) : byId.get(Vertex.nodeId(n.netns()));
                graph.addEdge(v, owner, Edge.sharesNetns());
            }
        }
        for (Link l : lab.links()) graph.addEdge(endVertex(l.a()), endVertex(l.b()), Edge.link(l));
    }

    private List<String> hostLines() {
        List<String> lines = new ArrayList<>(List.of("host side (netns " + lab.hostNetnsName() + ")"));
        for (HostInterface h : lab.hostInterfaces().values()) lines.add(h.name() + " " + both(h.ip(), h.ip6()));
        return lines;
    }

    private List<String> nodeLines(Node n) {
        List<String> lines = new ArrayList<>(List.of(n.name()));
        for (Interface i : n.interfaces().values()) {
            lines.add(i.name() + " " + both(lab.address(n.name(), i.name(), 4).orElse(null), lab.address(n.name(), i.name(), 6).orElse(null)));
        }
        n.publish().forEach(p -> lines.add("publish " + p));
        n.services().forEach(s -> lines.add(s.type() + " :" + s.port()));
        return lines;
    }

    /** An IPv4 and an IPv6 address or prefix, either of which may be absent: "10.0.0.2/24 fd00::2/64". */
    private static String both(Object v4, Object v6) {
        if (v4 == null && v6 == null) return "?";
        return v4 == null ? v6.toString() : v6 == null ? v4.toString() : v4 + " " + v6;
    }

    private Vertex endVertex(Endpoint e) { return e.isHost() ? byId.get(Vertex.HOST) : byId.get(Vertex.nodeId(e.owner())); }

    /** The bridges, in the lab file's order. */
    public List<Bridge> bridges() {
        List<Bridge> out = new ArrayList<>();
        for (Vertex v : graph.vertexSet()) if (v.kind() == Vertex.Kind.BRIDGE) out.add(lab.bridges().get(v.name()));
        return out;
    }

    /** Every node's interfaces on bridges: node by node, each node's in the file's order. */
    public List<Port> ports() {
        List<Port> out = new ArrayList<>();
        for (Edge e : graph.edgeSet()) if (e.kind() == Edge.Kind.PORT) out.add(e.port());
        return out;
    }

    /** The point-to-point links, in the file's order. */
    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        for (Edge e : graph.edgeSet()) if (e.kind() == Edge.Kind.LINK) out.add(e.link());
        return out;
    }

    /** A node's own interfaces on bridges, in the file's order. */
    public List<Port> ports(String node) {
        Vertex v = byId.get(Vertex.nodeId(node));
        List<Port> out = new ArrayList<>();
        for (Edge e : graph.edgesOf(v)) if (e.kind() == Edge.Kind.PORT && graph.getEdgeSource(e) == v) out.add(e.port());
        return out;
    }

    /**
     * Whose network namespace a node lives in, along the shared-namespace edges: the node's own
     * name, another node's, or {@link Endpoint#HOST} for the host side's.
     */
    public String netnsOwner(String node) {
        Vertex v = byId.get(Vertex.nodeId(node));
        for (int hops = 0; hops <= lab.nodes().size(); hops++) {
            Vertex next = null;
            for (Edge e : graph.edgesOf(v)) {
                if (e.kind() == Edge.Kind.SHARES_NETNS && graph.getEdgeSource(e) == v) next = graph.getEdgeTarget(e);
            }
            if (next == null) return v.name();
            if (next.kind() == Vertex.Kind.HOST) return Endpoint.HOST;
            v = next;
        }
        throw new IllegalArgumentException("the lab was not validated: node " + node + "'s shared namespaces go round in a cycle");
    }

    /**
     * lab-format.md's default gateway of a node of {@code family} (4 or 6): the gateway of the bridge
     * of the node's first interface (in file order) whose bridge has one.
     */
    public Optional<IpAddress> defaultGateway(String node, int family) {
        for (Port p : ports(node)) {
            Optional<IpAddress> gw = p.bridge().gatewayAddress(family);
            if (gw.isPresent()) return gw;
        }
        return Optional.empty();
    }

    /** Graphviz DOT, through JGraphT's DOTExporter. */
    public String toDot() { return new GraphPictures(this).dot(); }

    /** More nodes on one bridge than a row can show readably. */
    public boolean crowded() { return new GraphPictures(this).crowded(); }

    /** A Mermaid flowchart. */
    public String toMermaid() { return new GraphPictures(this).mermaid(); }

    /** The graph as one compact JSON object (nslab graph --json). */
    public String toJson() { return new GraphPictures(this).json(); }
}
