package io.nslab.topology;

import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.PlanNode;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps.AddRoute;
import io.nslab.topology.plan.Steps.CreateVeth;
import io.nslab.topology.plan.Steps.StartNode;
import io.nslab.topology.plan.Steps.WriteHostsFile;

/** Address allocation, default routes, shared namespaces and host-end names, as lab-format.md says. */
class AllocationTest {
    static Plan compile(String json) { return PlanCompiler.compile(LabParser.parse(json.replace('\'', '"'), null), false); }

    static String addr(Plan p, String node) {
        return p.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().addresses().toString();
    }

    @Test
    void allocatesAfterTheGatewaySkippingAddressesWrittenLaterInTheFile() {
        Plan p = compile("{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24','gateway':'10.0.0.1'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'br0'}}},"
                + "'b':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.3/24'}}},"
                + "'c':{'interfaces':{'eth0':{'bridge':'br0'}}},"
                + "'d':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.2/24'}}}}}");
        assertEquals("{eth0=10.0.0.4/24}", addr(p, "a"));
        assertEquals("{eth0=10.0.0.5/24}", addr(p, "c"));
    }

    @Test
    void theParsedLabCarriesItsAddressesAndThePlanTheGraphAndHostsUseThem() {
        String json = "{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24','subnet6':'fd00::/64'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'br0'}}},'b':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.2/24'}}}}}";
        io.nslab.topology.model.Lab lab = LabParser.parse(json.replace('\'', '"'), null);
        assertEquals(Map.of("eth0", Cidr.parse("10.0.0.3/24")), lab.addresses().of("a", 4));
        assertEquals(Map.of("eth0", Cidr.parse("fd00::2/64")), lab.addresses().of("a", 6));
        assertEquals(Map.of("eth0", Cidr.parse("10.0.0.2/24")), lab.addresses().of("b", 4));
        assertEquals(IpAddress.parse("fd00::3"), lab.resolve("b", 6).orElseThrow());
        Plan p = PlanCompiler.compile(lab, false);
        assertEquals("{eth0=10.0.0.3/24}", addr(p, "a"));
        assertTrue(io.nslab.topology.graph.LabGraph.of(lab).vertex("node:a").lines().contains("eth0 10.0.0.3/24 fd00::2/64"));
        WriteHostsFile hosts = (WriteHostsFile) p.steps().stream().filter(s -> s instanceof WriteHostsFile).findFirst().orElseThrow();
        assertTrue(hosts.hosts().contains("10.0.0.3\ta\n"), hosts.hosts());
    }

    @Test
    void aGivenGatewayMovesWhereAllocationStarts() {
        Plan p = compile("{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24','gateway':'10.0.0.100'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'br0'}}}}}");
        assertEquals("{eth0=10.0.0.101/24}", addr(p, "a"));
        assertTrue(p.steps().contains(new AddRoute("t-a", Cidr.parse("0.0.0.0/0"), IpAddress.parse("10.0.0.100"))));
    }

    @Test
    void aSwitchWithoutGatewayStartsAtTheFirstHostAndGivesNoDefaultRoute() {
        Plan p = compile("{'name':'t','bridges':{'sw':{'subnet':'10.0.0.0/24','gateway':'none'},'br0':{'subnet':'10.1.0.0/24'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'sw'},'eth1':{'bridge':'br0'}}},"
                + "'b':{'interfaces':{'eth0':{'bridge':'sw'}}}}}");
        assertEquals("{eth0=10.0.0.1/24, eth1=10.1.0.2/24}", addr(p, "a"));
        assertEquals("{eth0=10.0.0.2/24}", addr(p, "b"));
        List<Step> routes = p.steps().stream().filter(s -> s instanceof AddRoute).collect(Collectors.toList());
        // a: the first interface whose bridge has a gateway is eth1; b: none at all
        assertEquals(List.of(new AddRoute("t-a", Cidr.parse("0.0.0.0/0"), IpAddress.parse("10.1.0.1"))), routes);
    }

    @Test
    void anExplicitDefaultRouteWins() {
        Plan p = compile("{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'br0'}},'routes':[{'to':'default','via':'10.0.0.9'},{'to':'10.8.0.0/16','via':'10.0.0.1'}]}}}");
        List<Step> routes = p.steps().stream().filter(s -> s instanceof AddRoute).collect(Collectors.toList());
        assertEquals(List.of(new AddRoute("t-a", Cidr.parse("0.0.0.0/0"), IpAddress.parse("10.0.0.9")), new AddRoute("t-a", Cidr.parse("10.8.0.0/16"), IpAddress.parse("10.0.0.1"))), routes);
    }

    @Test
    void sharedNamespacesRunInTheirOwnersNamespaceAndShareItsAddress() {
        Plan p = compile("{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'br0'}}},'side':{'netns':'a'},'far':{'netns':'side','hostname':'far-away'},"
                + "'h':{'netns':'host','namespaces':['pid']}}}");
        assertEquals(List.of("t-a", "t-a", "t-a", "t"), p.nodes().stream().map(PlanNode::netns).collect(Collectors.toList()));
        StartNode h = (StartNode) p.steps().stream().filter(s -> s instanceof StartNode n && n.node().equals("h")).findFirst().orElseThrow();
        assertEquals(List.of("pid"), h.namespaces());
        WriteHostsFile hosts = (WriteHostsFile) p.steps().stream().filter(s -> s instanceof WriteHostsFile).findFirst().orElseThrow();
        assertTrue(hosts.hosts().contains("10.0.0.2\tside\n"), hosts.hosts());
        assertTrue(hosts.hosts().contains("10.0.0.2\tfar\n"), hosts.hosts());
        // far's hostname is its own business: only its copy names it.
        assertFalse(hosts.hosts().contains("far-away"), hosts.hosts());
        assertEquals(Map.of("far", "10.0.0.2\tfar-away\n"), hosts.ownLines());
        assertTrue(hosts.hosts().contains("10.0.0.1\th\n"), hosts.hosts());
        StartNode far = (StartNode) p.steps().stream().filter(s -> s instanceof StartNode n && n.node().equals("far")).findFirst().orElseThrow();
        assertEquals("far-away", far.hostname());
    }

    @Test
    void hostEndsThatDoNotFitAreHashedStably() {
        String json = "{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24'}},'nodes':{"
                + "'database-main':{'interfaces':{'eth0':{'bridge':'br0'}}},'web':{'interfaces':{'eth0':{'bridge':'br0','mtu':9000}}}}}";
        Plan p = compile(json);
        List<CreateVeth> veths = p.steps().stream().filter(s -> s instanceof CreateVeth).map(s -> (CreateVeth) s).collect(Collectors.toList());
        assertTrue(veths.get(0).name().matches("nsl[0-9a-f]{8}"), veths.get(0).name());
        assertEquals(veths.get(0).name(), ((CreateVeth) compile(json).steps().stream().filter(s -> s instanceof CreateVeth).findFirst().get()).name());
        assertEquals(new CreateVeth("t", "web-eth0", null, "t-web", "eth0", null, 9000), veths.get(1));
    }
}
