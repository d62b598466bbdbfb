package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.cli.services.BridgeLab;
import io.nslab.cli.services.RouterLab;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;

@KernelTest
class PingallTest {
    @RegisterExtension
    final ThrowawayNetns netns = new ThrowawayNetns();

    @Test
    void everyPairOfTwentyNodesAndTheFailingOnes() {
        BridgeLab lab = BridgeLab.build(netns, 20);
        lab.cut("n7");
        Map<String, InetAddress> targets = lab.addresses();
        targets.put("ghost", BridgeLab.NOBODY);

        PingMatrix m = Pingall.run(lab.paths(), targets, Duration.ofMillis(1000));

        assertEquals(20 * 20, m.pairs().size(), "20 sources x (19 other nodes + ghost)");
        Set<String> failing = m.failures().stream().map(p -> p.source() + ">" + p.target()).collect(Collectors.toSet());
        for (String s : lab.names()) {
            for (String t : targets.keySet()) {
                if (s.equals(t)) continue;
                boolean shouldFail = t.equals("ghost") || s.equals("n7") || t.equals("n7");
                assertEquals(shouldFail, failing.contains(s + ">" + t), s + " -> " + t + ": " + m.get(s, t));
            }
        }
        assertEquals("reply from 10.77.0.3", m.get("n0", "n1").detail());
        assertEquals("timeout after 1000 ms", m.get("n0", "ghost").detail());
        assertTrue(m.get("n0", "n0") == null, "a node does not ping itself");
        assertFalse(m.allOk());
    }

    @Test
    void fiftyNodesIn2450PairsQuickly() {
        // Behind a router, not on one bridge: 50 nodes on one segment would need 2,450 ARP
        // entries, more than the kernel's shared neighbour table takes (see RouterLab).
        RouterLab lab = RouterLab.build(netns, 50);
        for (int round = 1; round <= 2; round++) {
            long start = System.nanoTime();
            PingMatrix m = Pingall.run(lab.paths(), lab.addresses(), Duration.ofMillis(2000));
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("pingall 50 nodes, " + m.pairs().size() + " pairs, round " + round + ": " + ms + " ms");
            assertEquals(2450, m.pairs().size());
            assertTrue(m.allOk(), () -> m.failures().size() + " failed, e.g. " + m.failures().get(0));
            assertTrue(ms < 2000, "pingall took " + ms + " ms");
        }
    }
}
