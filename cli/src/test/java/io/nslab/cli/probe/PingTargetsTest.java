package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.topology.LabParser;
import io.nslab.topology.plan.PlanCompiler;

/** Which neighbour entries a pingall's pair leaves, read from a plan. */
class PingTargetsTest {
    private static PingTargets targets(String json) {
        return PingTargets.of(PlanCompiler.compile(LabParser.parse(json.replace('\'', '"'), "test", Path.of(".")), false));
    }

    /** Two bridges: a pair across them is routed by the host side, and leaves four entries there and in the pair. */
    @Test
    void aPairTheHostSideRoutesLeavesFourEntries() {
        PingTargets t = targets("{'name':'two','bridges':{'br0':{'subnet':'10.1.0.0/24'},'br1':{'subnet':'10.1.1.0/24'}},"
                + "'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0'}}},'b':{'interfaces':{'eth0':{'bridge':'br0'}}},"
                + "'c':{'interfaces':{'eth0':{'bridge':'br1'}}}}}");
        String a = t.addresses().get("a").getHostAddress(), c = t.addresses().get("c").getHostAddress();
        assertEquals("eth0", t.interfaceToward("a", "b"), "one segment: the pair's own two entries, as before");
        assertEquals(List.of(), t.routedEntries("a", "b"), "on one segment the host side is not in the way");
        assertEquals(null, t.interfaceToward("a", "c"));
        assertEquals(List.of(new NeighbourWindow.Entry("/run/netns/two", "br0", a), new NeighbourWindow.Entry("/run/netns/two", "br1", c),
                new NeighbourWindow.Entry("/run/netns/two-a", "eth0", "10.1.0.1"), new NeighbourWindow.Entry("/run/netns/two-c", "eth0", "10.1.1.1")),
                t.routedEntries("a", "c"));
    }
}
