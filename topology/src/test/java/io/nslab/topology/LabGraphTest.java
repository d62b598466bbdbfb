package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.nslab.addr.IpAddress;

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

    @Test
    void whatThePlanReadsOfTheGraph() {
        LabGraph g = LabGraph.of(LabParser.parse(("{'name':'t','bridges':{'sw':{'subnet':'10.0.0.0/24','gateway':'none'},"
                + "'br0':{'subnet':'10.1.0.0/24','subnet6':'fd00::/64','gateway6':'none'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'sw'},'eth1':{'bridge':'br0'},'p0':{'ip':'10.9.0.1/30'}}},"
                + "'b':{'netns':'a'},'c':{'netns':'b'},'d':{'netns':'host'},'e':{'interfaces':{'p0':{'ip':'10.9.0.2/30'}}}},"
                + "'links':[{'endpoints':['a:p0','e:p0']}]}").replace('\'', '"'), null));
        assertEquals(List.of("sw", "br0"), g.bridges().stream().map(b -> b.name()).toList());
        assertEquals(List.of("a:eth0@sw", "a:eth1@br0"), g.ports().stream().map(p -> p.node().name() + ":" + p.iface().name() + "@" + p.bridge().name()).toList());
        assertEquals(List.of("eth1"), g.ports("a").stream().filter(p -> p.bridge().name().equals("br0")).map(p -> p.iface().name()).toList());
        assertEquals(List.of(), g.ports("e"));
        assertEquals(1, g.links().size());
        // Along the shared-netns edges, however long the chain.
        assertEquals("a", g.netnsOwner("a"));
        assertEquals("a", g.netnsOwner("c"));
        assertEquals("host", g.netnsOwner("d"));
        // The first port whose bridge has a gateway of the family: sw has none, br0 has 10.1.0.1 and no IPv6 one.
        assertEquals(Optional.of(IpAddress.parse("10.1.0.1")), g.defaultGateway("a", 4));
        assertEquals(Optional.empty(), g.defaultGateway("a", 6));
        assertEquals(Optional.empty(), g.defaultGateway("e", 4));
    }
}
