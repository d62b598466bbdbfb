package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** The UTS lesson: a node has a hostname of its own; the machine's does not change. */
@KernelTest
class UtsNamespaceTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void theNodesHostnameIsItsOwn() throws Exception {
        Path machineHostname = Path.of("/proc/sys/kernel/hostname");
        String before = Files.readString(machineHostname);
        ProcessStamp node = lab.start(lab.spec("web").withHostname("nst-webhost"));
        assertEquals("nst-webhost\n", TestLab.exec(node, null, "hostname").out());
        assertEquals(before, Files.readString(machineHostname));
        assertFalse(NsRef.ofProcess(node.pid(), NsKind.UTS).sameAs(NsRef.ofProcess(TestLab.SELF, NsKind.UTS)));
        // Changing it inside stays inside.
        assertEquals(0, TestLab.exec(node, null, "hostname", "nst-renamed").code());
        assertEquals("nst-renamed\n", TestLab.exec(node, null, "hostname").out());
        assertEquals(before, Files.readString(machineHostname));
    }
}
