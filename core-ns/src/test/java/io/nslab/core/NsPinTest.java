package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** A namespace outlives its processes while a bind mount holds it; Java threads can enter it. */
@KernelTest
class NsPinTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        NsPin.release(lab.dir.resolve("pins/uts"));
        lab.close();
    }

    @Test
    void aPinnedUtsNamespaceOutlivesItsNode() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web").withHostname("nst-pinned"));
        NsRef uts = NsRef.ofProcess(node.pid(), NsKind.UTS);
        Path file = lab.dir.resolve("pins/uts");
        NsRef pinned = NsPin.pin(uts, file);
        assertTrue(pinned.sameAs(uts));
        assertTrue(TestLab.hostMountinfo().contains(file + " "));

        Nodes.stop(node, Duration.ofSeconds(3));
        assertFalse(Nodes.alive(node));
        // No process is left in it, yet it lives, with the node's hostname.
        assertEquals("nst-pinned\n", NsCall.call(List.of(pinned), () -> Files.readString(Path.of("/proc/sys/kernel/hostname"))));

        NsPin.release(file);
        assertFalse(Files.exists(file));
        assertFalse(TestLab.hostMountinfo().contains(file + " "));
        NsPin.release(file); // tolerant of a pin already gone
    }

    @Test
    void aThreadEntersTheNodesMountAndUtsNamespaces() throws Exception {
        String hosts = "10.9.8.7 nst-only-in-the-node\n";
        ProcessStamp node = lab.start(lab.spec("web").withHostsFile(lab.write("hosts", hosts)));
        List<NsRef> ns = List.of(NsRef.ofProcess(node.pid(), NsKind.MNT), NsRef.ofProcess(node.pid(), NsKind.UTS));
        assertEquals(hosts + "web\n", NsCall.call(ns, () -> Files.readString(Path.of("/etc/hosts")) + Files.readString(Path.of("/proc/sys/kernel/hostname"))));
        // The calling thread never moved.
        assertEquals(NsRef.ofProcess(TestLab.SELF, NsKind.MNT).inode(), NsRef.ofThread(NsKind.MNT).inode());
        assertThrows(IllegalArgumentException.class, () -> NsCall.call(List.of(NsRef.ofProcess(node.pid(), NsKind.USER)), () -> null));
    }
}
