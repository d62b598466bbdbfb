package io.nslab.netlink.tc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

/** Deletions on the kernel tolerate what is not there, whichever errno this kernel says it with; tc as the witness. */
@KernelTest
class TrafficControlKernelTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void clsactAndTheRootQdiscAreRemovedAndTheirAbsenceIsNoError() {
        NetNs a = throwaway.create(), b = throwaway.create();
        try (Rtnetlink ra = Rtnetlink.open(a); TrafficControl tc = TrafficControl.open(a)) {
            ra.createVeth("a0", "b0", b, 0, null);
            tc.deleteClsact("a0"); // none there: nothing to do
            tc.deleteRoot("a0");
            tc.addClsact("a0");
            assertTrue(qdiscs(a).contains("clsact"), qdiscs(a));
            tc.deleteClsact("a0");
            assertFalse(qdiscs(a).contains("clsact"), qdiscs(a));
            tc.deleteClsact("a0"); // gone: again nothing to do
        }
    }

    private static String qdiscs(NetNs ns) {
        return Witness.run(List.of("tc", "-n", ns.name(), "qdisc", "show", "dev", "a0"));
    }
}
