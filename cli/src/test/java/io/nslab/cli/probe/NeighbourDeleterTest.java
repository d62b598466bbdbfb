package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.addr.Cidr;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

/**
 * pingall's deleter frees entries in many more namespaces than it keeps open (a 10,000-node
 * lab's sample touches every one): the one used longest ago is sent and closed to make room.
 */
@KernelTest
class NeighbourDeleterTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void freesEntriesInSixNamespacesHoldingTwoOpen() throws Exception {
        List<NeighbourWindow.Entry> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            NetNs ns = throwaway.create();
            names.add(ns.name());
            try (Rtnetlink rt = Rtnetlink.open(ns)) {
                RtnetlinkBatch b = rt.batch();
                b.createVeth("v0", "v1", ns, 1500, null);
                b.addAddress("v0", Cidr.parse("10.9.0.1/24"));
                b.setUp("v0");
                b.setUp("v1");
                b.send();
            }
            // a datagram to an address nobody has: the kernel asks by ARP, and keeps an entry for it
            ns.run(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.send(new DatagramPacket(new byte[1], 1, InetAddress.getByName("10.9.0.7"), 9));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(neighbours(ns.name()).contains("10.9.0.7"), "an entry in " + ns.name());
            entries.add(new NeighbourWindow.Entry("/run/netns/" + ns.name(), "v0", "10.9.0.7"));
        }
        try (NeighbourDeleter deleter = new NeighbourDeleter(2)) {
            deleter.delete(entries);
            assertTrue(deleter.openCount() <= 2, "open: " + deleter.openCount());
        }
        for (String name : names) assertEquals(List.of(), neighbours(name), "freed in " + name);
    }

    private static List<String> neighbours(String netns) {
        List<String> out = new ArrayList<>();
        Witness.ip(netns, "neigh", "show", "dev", "v0").forEach(n -> out.add(n.path("dst").asText()));
        return out;
    }
}
