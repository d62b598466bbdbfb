package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.nslab.topology.graph.Edge;
import io.nslab.topology.graph.LabGraph;
import io.nslab.topology.graph.Vertex;

class LabGraphTest {
    @Test
    void theExampleHasHostBridgeAndNodesJoinedByPortsAndALink() {
        LabGraph g = LabGraph.of(LabParser.parse(ExampleLabTest.BRIDGE));
        assertEquals(5, g.graph().vertexSet().size());
        Map<Edge.Kind, Integer> kinds = new TreeMap<>();
        g.graph().edgeSet().forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
        assertEquals(Map.of(Edge.Kind.PORT, 2, Edge.Kind.LINK, 1, Edge.Kind.BRIDGE_ON_HOST, 1), kinds);
        Vertex client = g.vertex("node:client");
        assertEquals("eth0 172.20.0.2/24", client.lines().get(1));
        Edge link = g.graph().edgeSet().stream().filter(e -> e.kind() == Edge.Kind.LINK).findFirst().orElseThrow();
        assertEquals(Map.of("host", 1, "node:isp", 1), Map.of(g.graph().getEdgeSource(link).id(), 1, g.graph().getEdgeTarget(link).id(), 1));
    }

    @Test
    void exportsDotAndMermaid() {
        LabGraph g = LabGraph.of(LabParser.parse(ExampleLabTest.BRIDGE));
        String dot = g.toDot();
        assertTrue(dot.startsWith("strict graph \"bridge\" {") || dot.startsWith("graph \"bridge\" {"), dot);
        assertTrue(dot.contains("node_web -- bridge_nslab0 [ label=\"eth0\""), dot);
        assertTrue(dot.contains("172.20.0.0/24, masquerade"), dot);
        String mermaid = g.toMermaid();
        assertTrue(mermaid.startsWith("flowchart TB\n"), mermaid);
        assertTrue(mermaid.contains("  bridge_nslab0{{\"bridge nslab0<br/>172.20.0.0/24, masquerade\"}}\n"), mermaid);
        assertTrue(mermaid.contains("  host ===|\"wan0 - eth0\"| node_isp\n"), mermaid);
    }

    @Test
    void sharedNamespacesAreDashed() {
        LabGraph g = LabGraph.of(LabParser.parse("{'name':'t','nodes':{'a':{},'b':{'netns':'a'},'c':{'netns':'host'}}}".replace('\'', '"'), null));
        assertEquals(2, g.graph().edgeSet().stream().filter(e -> e.kind() == Edge.Kind.SHARES_NETNS).count());
        assertTrue(g.toDot().contains("node_b -- node_a [ label=\"shares netns\" fontname=\"Helvetica\" style=\"dashed\" ]"), g.toDot());
    }
}
