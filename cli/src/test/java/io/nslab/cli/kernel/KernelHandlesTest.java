package io.nslab.cli.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.ns.NetNs;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

/** Namespaces made in bulk, on two threads: each with its socket, and a refusal names exactly what was not made. */
@KernelTest
class KernelHandlesTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void makesEveryNamespaceWithASocketInIt() {
        List<String> names = names(5);
        try (KernelHandles kernel = new KernelHandles()) {
            kernel.create(names);
            for (String name : names) {
                assertTrue(NetNs.exists(name), name);
                var batch = kernel.batch(name);
                batch.createBridge("br-" + name.length(), 1500);
                kernel.flush();
                assertTrue(Witness.ip(name, "link", "show").findValuesAsText("ifname").contains("br-" + name.length()),
                        "the socket of " + name + " works in " + name);
            }
        } finally {
            names.forEach(NetNs::delete);
        }
    }

    @Test
    void aTakenNameInTheSecondHalfLeavesTheFirstHalfMade() {
        String taken = throwaway.create().name();
        List<String> names = new ArrayList<>(names(3));
        names.add(2, taken); // [a, b | taken, c]: the second thread stops at once
        try (KernelHandles kernel = new KernelHandles()) {
            KernelHandles.NotMade e = assertThrows(KernelHandles.NotMade.class, () -> kernel.create(names));
            assertEquals(List.of(taken, names.get(3)), e.names());
            assertEquals(Errno.EEXIST, ((SysException) e.getCause()).errno());
            assertTrue(NetNs.exists(names.get(0)) && NetNs.exists(names.get(1)), "the first half was made");
            assertFalse(NetNs.exists(names.get(3)), "after the refusal, nothing was made");
        } finally {
            for (String name : names) if (!name.equals(taken)) NetNs.delete(name);
        }
    }

    @Test
    void aNodesNamespaceIsOwnedByAUserNamespaceOfItsOwnWithEveryIdMappedToItself() throws Exception {
        List<String> names = names(4);
        String host = names.get(0);
        try (KernelHandles kernel = new KernelHandles()) {
            kernel.create(names, name -> !name.equals(host));
            // witness: lsns's owner column (the user namespace that owns each network namespace)
            String ours = Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString().replaceAll("\\D", "");
            java.util.Set<String> owners = new java.util.HashSet<>();
            for (String name : names) {
                String owner = Witness.run("nsenter", "--net=/run/netns/" + name, "sh", "-c", "lsns -n -t net -o ONS -p $$").strip();
                if (name.equals(host)) assertEquals(ours, owner, name + " is owned by ours");
                else assertTrue(!owner.equals(ours) && owners.add(owner), name + ": a user namespace of its own, not ours, not another's: " + owner);
            }
            // the node's links still work from here: the machine's root has every capability over it
            kernel.batch(names.get(1)).createBridge("br-x", 1500);
            kernel.flush();
            assertTrue(Witness.ip(names.get(1), "link", "show").findValuesAsText("ifname").contains("br-x"));
        } finally {
            names.forEach(NetNs::delete);
        }
    }

    @Test
    void aTakenNameAmongNodesNamespacesNamesWhatWasNotMade() {
        String taken = throwaway.create().name();
        List<String> names = new ArrayList<>(names(3));
        names.add(1, taken); // [a, taken | b, c]
        try (KernelHandles kernel = new KernelHandles()) {
            KernelHandles.NotMade e = assertThrows(KernelHandles.NotMade.class, () -> kernel.create(names, name -> true));
            assertEquals(List.of(taken), e.names());
            assertEquals(Errno.EEXIST, ((SysException) e.getCause()).errno());
            assertTrue(e.getMessage().contains("create netns " + taken), e.getMessage());
            for (String name : names) assertTrue(NetNs.exists(name), name + " exists (made, or the one taken)");
        } finally {
            for (String name : names) if (!name.equals(taken)) NetNs.delete(name);
        }
    }

    @Test
    void aBigLabKeepsOnlyItsCapacityOpenAndReopensWhatALaterStepNeeds() throws Exception {
        List<String> names = names(12);
        long before = namespaceHandles();
        try (KernelHandles kernel = new KernelHandles(4)) {
            kernel.create(names, name -> true);
            assertTrue(kernel.openCount() <= 4, "open after create: " + kernel.openCount());
            assertTrue(namespaceHandles() - before <= 4, "namespace handles held: " + (namespaceHandles() - before));
            for (String name : names) kernel.batch(name).createBridge("br-k", 1500); // each one reopened in turn
            kernel.flush();
            assertTrue(kernel.openCount() <= 4, "open after a step in each: " + kernel.openCount());
            for (String name : names) {
                assertTrue(Witness.ip(name, "link", "show").findValuesAsText("ifname").contains("br-k"), name + " got its bridge");
            }
        } finally {
            names.forEach(NetNs::delete);
        }
        assertEquals(before, namespaceHandles(), "every handle closed");
    }

    @Test
    void aQueuedVethsPeerStaysOpenUntilTheVethIsSent() {
        // A veth queued in one namespace names its peer's namespace by descriptor. Making room
        // for others must send it first: closing the peer's handle before would send a closed
        // (or, worse, reused) descriptor to the kernel.
        List<String> names = names(6);
        try (KernelHandles kernel = new KernelHandles(2)) {
            kernel.create(names);
            NetNs peer = kernel.netns(names.get(1));
            kernel.batch(names.get(0)).createVeth("v0", "v1", peer, 1500, null);
            for (String other : names.subList(2, names.size())) kernel.netns(other); // the peer is closed to make room
            kernel.flush();
            assertTrue(Witness.ip(names.get(0), "link", "show").findValuesAsText("ifname").contains("v0"));
            assertTrue(Witness.ip(names.get(1), "link", "show").findValuesAsText("ifname").contains("v1"), "the peer end is in the peer's namespace");
        } finally {
            names.forEach(NetNs::delete);
        }
    }

    /**
     * This JVM's descriptors of network namespaces ("net:[INODE]"): not every descriptor, since
     * the JDK closes the pipes of a finished process (nslab-init netns) when its reaper gets to it.
     */
    private static long namespaceHandles() throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("net:[");
                } catch (java.io.IOException gone) {
                    return false; // closed meanwhile (the listing's own descriptor)
                }
            }).count();
        }
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add(ThrowawayNetns.uniqueName());
        return names;
    }
}
