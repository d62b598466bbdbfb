package io.nslab.cli.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.addr.Cidr;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;

/** Many namespaces' interfaces read in parts (status of a big lab) are what reading each alone gives. */
@KernelTest
class NodeInterfacesTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void readingManyInPartsGivesWhatReadingEachGives() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            NetNs ns = throwaway.create();
            try (Rtnetlink rt = Rtnetlink.open(ns)) {
                rt.createBridge("br" + i, 1500);
                rt.addAddress("br" + i, Cidr.parse("10.77." + i + ".1/24"));
                if (i % 2 == 0) rt.setUp("br" + i);
            }
            names.add(ns.name());
        }
        String gone = ThrowawayNetns.uniqueName(); // never made: its own error, the others still read
        names.add(3, gone);

        Map<String, NodeInterfaces> all = NodeInterfaces.readAll(names, false, 2);
        assertEquals(names, List.copyOf(all.keySet()), "every namespace once, in the order given");
        for (String name : names) assertEquals(NodeInterfaces.read(name, false), all.get(name), name);
        NodeInterfaces first = all.get(names.get(0));
        assertNull(first.error());
        assertEquals(List.of("10.77.0.1/24"), first.addresses("br0", 4));
        assertEquals(Map.of("br0", true), first.up());
        assertEquals(Map.of("br1", false), all.get(names.get(1)).up());
        assertTrue(all.get(gone).error().startsWith("netns " + gone + ": "), all.get(gone).error());
    }
}
