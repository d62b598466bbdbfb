package io.nslab.topology.graph;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jgrapht.Graph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

import io.nslab.topology.model.Lab;

/** The pictures of a {@link LabGraph}: Graphviz DOT, Mermaid, and the JSON of {@code nslab graph --json}. */
final class GraphPictures {
    /** Bridge ports beyond which the DOT picture is drawn as stars (twopi) rather than rows (dot). */
    static final int STAR_THRESHOLD = 12;

    private final LabGraph labGraph;
    private final Lab lab;
    private final Graph<Vertex, Edge> graph;

    GraphPictures(LabGraph labGraph) {
        this.labGraph = labGraph;
        this.lab = labGraph.lab();
        this.graph = labGraph.graph();
    }

    private static String dotId(Vertex v) { return v.id().replace(':', '_').replace('-', '_').replace('.', '_'); }

    /** Graphviz DOT, through JGraphT's DOTExporter. */
    String dot() {
        DOTExporter<Vertex, Edge> dot = new DOTExporter<>(GraphPictures::dotId);
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
    boolean crowded() {
        for (Vertex v : graph.vertexSet()) {
            if (v.kind() == Vertex.Kind.BRIDGE && graph.degreeOf(v) > STAR_THRESHOLD) return true;
        }
        return false;
    }

    /** The centre of the rings: the only bridge when there is one, otherwise the host side. */
    private String rootOfStars() {
        List<Vertex> bridges = graph.vertexSet().stream().filter(v -> v.kind() == Vertex.Kind.BRIDGE).toList();
        return dotId(bridges.size() == 1 ? bridges.get(0) : labGraph.vertex(Vertex.HOST));
    }

    /** A Mermaid flowchart (JGraphT has no Mermaid exporter; the format is small enough to write). */
    String mermaid() {
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
    String json() {
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
