package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.KernelTest;

/** docker's --net container:X: two nodes, one network namespace, each its own UTS (and the rest). */
@KernelTest
class SharedNetnsTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void twoNodesShareTheNetworkButNotTheHostname() {
        NetNs shared = lab.netns();
        ProcessStamp web = lab.start(lab.spec("web", shared.path()));
        ProcessStamp sidecar = lab.start(lab.spec("sidecar", shared.path()));
        List<NsRef> a = Nodes.namespaces(web.pid()), b = Nodes.namespaces(sidecar.pid());
        for (int i = 0; i < a.size(); i++) {
            NsRef x = a.get(i), y = b.get(i);
            if (x.kind() == NsKind.NET) {
                assertTrue(x.sameAs(y), "net differs: " + x + " " + y);
                assertEquals(shared.inode(), x.inode());
            } else if (x.kind() != NsKind.USER) {
                assertFalse(x.sameAs(y), x.kind() + " is shared: " + x + " " + y);
            }
        }
        assertEquals("web\n", TestLab.exec(web, null, "hostname").out());
        assertEquals("sidecar\n", TestLab.exec(sidecar, null, "hostname").out());
        // One network: what one node listens on, the other reaches on its loopback.
        assertEquals(0, TestLab.exec(web, null, "sh", "-c", "ip link set lo mtu 1400").code());
        assertTrue(TestLab.exec(sidecar, null, "cat", "/sys/class/net/lo/mtu").out().startsWith("1400"));
    }
}
