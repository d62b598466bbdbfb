package io.nslab.netlink.testing;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import io.nslab.netlink.ns.NetNs;

@KernelTest
class ThrowawayNetnsTest {
    @Test
    void createsUniqueNamespacesAndRemovesThemAll() {
        String a, b;
        try (ThrowawayNetns t = new ThrowawayNetns()) {
            a = t.create().name();
            b = t.create().name();
            assertNotEquals(a, b);
            assertTrue(a.matches("nst-[0-9a-f]{8}"), a);
            assertTrue(NetNs.exists(a) && NetNs.exists(b));
            NetNs.delete(b); // already gone by the end: tolerated
        }
        assertFalse(NetNs.exists(a));
        assertFalse(NetNs.exists(b));
        assertFalse(Witness.run("ip", "netns", "list").contains(a));
    }
}
