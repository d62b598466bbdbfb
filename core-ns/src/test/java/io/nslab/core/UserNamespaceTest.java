package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** The user lesson: root in the node is an unprivileged uid outside, and exec still gets in. */
@KernelTest
class UserNamespaceTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void rootInTheNodeIsUid100000Outside() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web").withUser(UserMap.of("0:100000:65536")).withRun(List.of("sleep", "1000")));
        assertEquals("0 100000 65536", Files.readString(Path.of("/proc/" + node.pid() + "/uid_map")).trim().replaceAll("\\s+", " "));
        assertTrue(Files.readString(Path.of("/proc/" + node.pid() + "/status")).contains("\nUid:\t100000\t100000\t100000\t100000\n"));
        assertFalse(NsRef.ofProcess(node.pid(), NsKind.USER).sameAs(NsRef.ofProcess(TestLab.SELF, NsKind.USER)));
        // Inside, the same process is root.
        TestLab.Result id = TestLab.exec(node, null, "sh", "-c", "id -u; id -g; grep Uid /proc/1/status");
        assertEquals(0, id.code(), id.err());
        assertEquals("0\n0\nUid:\t0\t0\t0\t0\n", id.out());
        // The node's program runs as that root too: 100000 to the machine.
        ProcStat run = Nodes.descendants(node.pid()).get(0);
        assertTrue(Files.readString(Path.of("/proc/" + run.pid() + "/status")).contains("\nUid:\t100000\t"));
        assertEquals("web\n", TestLab.exec(node, null, "hostname").out());
    }
}
