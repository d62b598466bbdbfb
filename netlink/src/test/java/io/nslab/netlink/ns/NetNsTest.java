package io.nslab.netlink.ns;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.route.Rtnetlink;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

@KernelTest
class NetNsTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void createdNamespaceIsWhatIproute2Sees() throws Exception {
        NetNs ns = throwaway.create();
        assertTrue(Witness.run("ip", "netns", "list").contains(ns.name()));
        assertTrue(NetNs.exists(ns.name()));
        assertTrue(NetNs.list().contains(ns.name()));
        assertEquals("/run/netns/" + ns.name(), ns.path());
        long witnessed = Long.parseLong(Witness.run("stat", "-L", "-c", "%i", ns.path()).trim());
        assertEquals(witnessed, ns.inode());
        // A different namespace from ours, and the same one iproute2 enters.
        try (NetNs mine = NetNs.current()) {
            assertNotEquals(mine.inode(), ns.inode());
        }
        String inside = Witness.run("ip", "netns", "exec", ns.name(), "stat", "-L", "-c", "%i", "/proc/self/ns/net").trim();
        assertEquals(ns.inode(), Long.parseLong(inside));
        // Like `ip netns add`, /run/netns is a shared mount.
        assertTrue(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .anyMatch(l -> l.split(" ")[4].equals("/run/netns") && l.contains(" shared:")));
    }

    @Test
    void callRunsInsideOnAThrowawayThreadAndLeavesTheCallerAlone() {
        NetNs ns = throwaway.create();
        long before;
        try (NetNs mine = NetNs.current()) {
            before = mine.inode();
        }
        Thread caller = Thread.currentThread();
        Thread[] worker = new Thread[1];
        long inside = ns.call(() -> {
            worker[0] = Thread.currentThread();
            try (NetNs here = NetNs.current()) {
                return here.inode();
            }
        });
        assertEquals(ns.inode(), inside);
        assertNotSame(caller, worker[0]);
        assertFalse(worker[0].isAlive() && !waitDead(worker[0]), "the namespace thread must die after the call");
        try (NetNs mine = NetNs.current()) {
            assertEquals(before, mine.inode());
        }
    }

    private static boolean waitDead(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    @Test
    void createTwiceIsEexistAndDeleteToleratesAbsence() {
        NetNs ns = throwaway.create();
        SysException e = assertThrows(SysException.class, () -> NetNs.create(ns.name()));
        assertEquals("EEXIST", e.errnoName());
        assertTrue(NetNs.exists(ns.name()), "a failed create must not harm the existing namespace");

        String name = ns.name();
        ns.close();
        NetNs.delete(name);
        assertFalse(NetNs.exists(name));
        assertFalse(Witness.run("ip", "netns", "list").contains(name));
        NetNs.delete(name); // again: nothing there, no error
        assertEquals(Errno.ENOENT, assertThrows(SysException.class, () -> NetNs.open(name)).errno());
    }

    @Test
    void openByNamePathAndFdIsTheSameNamespace() {
        NetNs ns = throwaway.create();
        try (NetNs byName = NetNs.open(ns.name());
             NetNs byPath = NetNs.openPath("/run/netns/" + ns.name());
             NetNs byFd = NetNs.openFd(ns.fd())) {
            assertEquals(ns.inode(), byName.inode());
            assertEquals(ns.inode(), byPath.inode());
            assertEquals(ns.name(), byPath.name());
            assertEquals(ns.inode(), byFd.inode());
            assertNull(byFd.name());
            assertEquals(ns.inode(), (long) byFd.call(() -> {
                try (NetNs here = NetNs.current()) {
                    return here.inode();
                }
            }));
        }
    }

    @Test
    void namespaceOpenedByFdOutlivesItsName() {
        NetNs ns = throwaway.create();
        try (NetNs held = NetNs.openFd(ns.fd())) {
            NetNs.delete(ns.name());
            assertEquals(held.inode(), (long) held.call(() -> {
                try (NetNs here = NetNs.current()) {
                    return here.inode();
                }
            }));
        }
    }

    @Test
    void invalidNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NetNs.create("a/b"));
        assertThrows(IllegalArgumentException.class, () -> NetNs.open(".."));
    }

    @Test
    void manyAtOnceAreDistinctNamespacesEachWithItsOwnSocket() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) names.add(ThrowawayNetns.uniqueName());
        List<NetNs> made = List.of();
        List<Rtnetlink> sockets = List.of();
        try {
            made = NetNs.create(names);
            assertEquals(names, made.stream().map(NetNs::name).toList());
            assertEquals(5, made.stream().map(NetNs::inode).distinct().count());
            for (NetNs ns : made) {
                String inside = Witness.run("ip", "netns", "exec", ns.name(), "stat", "-L", "-c", "%i", "/proc/self/ns/net").trim();
                assertEquals(ns.inode(), Long.parseLong(inside));
            }
            sockets = Rtnetlink.open(made);
            sockets.get(2).createBridge("br9", 0);
            for (int i = 0; i < 5; i++) {
                boolean hasBridge = Witness.ip(names.get(i), "link", "show").findValuesAsText("ifname").contains("br9");
                assertEquals(i == 2, hasBridge, "the bridge is in the namespace of the socket that made it: " + i);
            }
        } finally {
            sockets.forEach(Rtnetlink::close);
            made.forEach(NetNs::close);
            names.forEach(NetNs::delete);
        }
    }

    @Test
    void manyAtOnceStopAtATakenName() {
        String taken = throwaway.create().name();
        List<String> names = List.of(ThrowawayNetns.uniqueName(), taken, ThrowawayNetns.uniqueName());
        try {
            NetNsCreateFailed e = assertThrows(NetNsCreateFailed.class, () -> NetNs.create(names));
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals(1, e.made(), "the index of the taken name");
            assertTrue(NetNs.exists(names.get(0)), "made before the failure: stays, for the caller to undo");
            assertFalse(NetNs.exists(names.get(2)), "after the failure: not made");
        } finally {
            NetNs.delete(names.get(0));
            NetNs.delete(names.get(2));
        }
    }
}
