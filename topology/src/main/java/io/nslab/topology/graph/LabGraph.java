package io.nslab.topology.graph;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jgrapht.Graph;
import org.jgrapht.graph.Pseudograph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Link;
import io.nslab.topology.model.Node;

/**
 * The lab as a graph (JGraphT): the host side, bridges and nodes as vertices; bridge
 * ports, links, bridges on the host side and shared network namespaces as edges, with
 * the addresses nslab allocates. Exports to Graphviz DOT and to Mermaid.
 */
public final class LabGraph {
    /** Bridge ports beyond which the DOT picture is drawn as stars (twopi) rather than rows (dot). */
    static final int STAR_THRESHOLD = 12;

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

    public Graph<Vertex, Edge> graph() { return graph; }

    public Vertex vertex(String id) { return byId.get(id); }

    private void add(Vertex v) {
        graph.addVertex(v);
        byId.put(v.id(), v);
    }

    private void build() {
        List<String> host = new ArrayList<>(List.of("host side (netns " + lab.hostNetnsName() + ")"));
        for (HostInterface h : lab.hostInterfaces().values()) host.add(h.name() + " " + both(h.ip(), h.ip6()));
        add(new Vertex(Vertex.Kind.HOST, "host", host));
        for (Bridge b : lab.bridges().values()) {
            add(new Vertex(Vertex.Kind.BRIDGE, "bridge:" + b.name(), List.of("bridge " + b.name(), both(b.subnet(), b.subnet6())
                    + (b.masquerade() ? ", masquerade" : ""))));
            List<String> gateways = new ArrayList<>();
            b.gatewayAddress().ifPresent(gw -> gateways.add(gw.toString()));
            b.gateway6Address().ifPresent(gw -> gateways.add(gw.toString()));
            graph.addEdge(byId.get("host"), byId.get("bridge:" + b.name()), new Edge(Edge.Kind.BRIDGE_ON_HOST,
                    gateways.isEmpty() ? "no gateway" : "gateway " + String.join(" ", gateways)));
        }
        for (Node n : lab.nodes().values()) {
            List<String> lines = new ArrayList<>(List.of(n.name()));
            for (Interface i : n.interfaces().values()) {
                lines.add(i.name() + " " + both(lab.address(n.name(), i.name(), 4).orElse(null),
                        lab.address(n.name(), i.name(), 6).orElse(null)));
            }
            n.publish().forEach(p -> lines.add("publish " + p));
            n.services().forEach(s -> lines.add(s.type() + " :" + s.port()));
            add(new Vertex(Vertex.Kind.NODE, "node:" + n.name(), lines));
        }
        for (Node n : lab.nodes().values()) {
            for (Interface i : n.interfaces().values()) {
                if (i.onBridge()) graph.addEdge(byId.get("node:" + n.name()), byId.get("bridge:" + i.bridge()), new Edge(Edge.Kind.PORT, i.name()));
            }
            if (!n.ownNetns()) {
                Vertex owner = n.sharesHostNetns() ? byId.get("host") : byId.get("node:" + n.netns());
                graph.addEdge(byId.get("node:" + n.name()), owner, new Edge(Edge.Kind.SHARES_NETNS, "shares netns"));
            }
        }
        for (Link l : lab.links()) {
            graph.addEdge(endVertex(l.a()), endVertex(l.b()), new Edge(Edge.Kind.LINK, l.a().ifname() + " - " + l.b().ifname()));
        }
    }

    /** An IPv4 and an IPv6 address or prefix, either of which may be absent: "10.0.0.2/24 fd00::2/64". */
    private static String both(Object v4, Object v6) {
        if (v4 == null && v6 == null) return "?";
        return v4 == null ? v6.toString() : v6 == null ? v4.toString() : v4 + " " + v6;
    }

    private Vertex endVertex(Endpoint e) { return e.isHost() ? byId.get("host") : byId.get("node:" + e.owner()); }

    private static String dotId(Vertex v) { return v.id().replace(':', '_').replace('-', '_').replace('.', '_'); }

    /** Graphviz DOT, through JGraphT's DOTExporter. */
    public String toDot() {
        DOTExporter<Vertex, Edge> dot = new DOTExporter<>(LabGraph::dotId);
        boolean stars = crowded();
        dot.setGraphIdProvider(() -> "\"" + lab.name() + "\"");
        dot.setGraphAttributeProvider(() -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            // JGraphT writes graph attributes unquoted: `label=lab bridge;` is two statements to dot,
            // which then draws a stray node named "bridge". Quoted here (lab names hold no quote).
            a.put("label", DefaultAttribute.createAttribute("\"lab " + lab.name() + "\""));
            a.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
            if (stars) {
                // Dot ranks every node of a bridge side by side: 100 nodes made one row 6,000
                // pixels wide. twopi draws rings around a root instead: bridges around the host
                // side, each bridge's nodes around it, a star per bridge.
                a.put("layout", DefaultAttribute.createAttribute("twopi"));
                a.put("root", DefaultAttribute.createAttribute(rootOfStars()));
                a.put("overlap", DefaultAttribute.createAttribute("false"));
                a.put("ranksep", DefaultAttribute.createAttribute("1.6"));
            }
            return a;
        });
        dot.setVertexAttributeProvider(v -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(String.join("\n", v.lines())));
            a.put("shape", DefaultAttribute.createAttribute(switch (v.kind()) {
                case HOST -> "house";
                case BRIDGE -> "hexagon";
                case NODE -> "box";
            }));
            a.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
            return a;
        });
        dot.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            // In a star, a port's name repeats what its node's box says, a hundred times over.
            if (!(stars && e.kind() == Edge.Kind.PORT)) a.put("label", DefaultAttribute.createAttribute(e.label()));
            a.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
            if (e.kind() == Edge.Kind.SHARES_NETNS) a.put("style", DefaultAttribute.createAttribute("dashed"));
            if (e.kind() == Edge.Kind.LINK) a.put("style", DefaultAttribute.createAttribute("bold"));
            return a;
        });
        StringWriter out = new StringWriter();
        dot.exportGraph(graph, out);
        return out.toString();
    }

    /** More nodes on one bridge than a row can show readably. */
    public boolean crowded() {
        for (Vertex v : graph.vertexSet()) {
            if (v.kind() == Vertex.Kind.BRIDGE && graph.degreeOf(v) > STAR_THRESHOLD) return true;
        }
        return false;
    }

    /** The centre of the rings: the only bridge when there is one, otherwise the host side. */
    private String rootOfStars() {
        List<Vertex> bridges = graph.vertexSet().stream().filter(v -> v.kind() == Vertex.Kind.BRIDGE).toList();
        return dotId(bridges.size() == 1 ? bridges.get(0) : byId.get("host"));
    }

    /** A Mermaid flowchart (JGraphT has no Mermaid exporter; the format is small enough to write). */
    public String toMermaid() {
        StringBuilder out = new StringBuilder("flowchart TB\n");
        for (Vertex v : graph.vertexSet()) {
            String text = String.join("<br/>", v.lines()).replace("\"", "#quot;");
            String shape = switch (v.kind()) {
                case HOST -> "[/\"" + text + "\"\\]";
                case BRIDGE -> "{{\"" + text + "\"}}";
                case NODE -> "[\"" + text + "\"]";
            };
            out.append("  ").append(dotId(v)).append(shape).append('\n');
        }
        for (Edge e : graph.edgeSet()) {
            String arrow = switch (e.kind()) {
                case SHARES_NETNS -> " -.-|\"";
                case LINK -> " ===|\"";
                default -> " ---|\"";
            };
            out.append("  ").append(dotId(graph.getEdgeSource(e))).append(arrow).append(e.label().replace("\"", "#quot;"))
                    .append("\"| ").append(dotId(graph.getEdgeTarget(e))).append('\n');
        }
        return out.toString();
    }

    /**
     * The graph as one compact JSON object (nslab graph --json): its vertices as {@code nodes}
     * (the lab's nodes, its bridges and its host side, told apart by {@code kind}) and its
     * {@code edges}, each between two vertex ids, with the label the pictures show.
     */
    public String toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode().put("lab", lab.name());
        ArrayNode nodes = root.putArray("nodes");
        for (Vertex v : graph.vertexSet()) {
            ObjectNode n = nodes.addObject()
                    .put("id", v.id()).put("kind", v.kind().name().toLowerCase(Locale.ROOT)).put("title", v.title());
            v.lines().forEach(n.putArray("lines")::add);
        }
        ArrayNode edges = root.putArray("edges");
        for (Edge e : graph.edgeSet()) {
            edges.addObject().put("from", graph.getEdgeSource(e).id()).put("to", graph.getEdgeTarget(e).id())
                    .put("kind", e.kind().name().toLowerCase(Locale.ROOT)).put("label", e.label());
        }
        return root.toString();
    }
}
