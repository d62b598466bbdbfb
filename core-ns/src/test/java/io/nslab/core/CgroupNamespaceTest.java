package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** The cgroup lesson: a node sees its own cgroup as the root ("0::/"), whatever it is on the machine. */
@KernelTest
class CgroupNamespaceTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void theNodesCgroupIsItsRoot() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web"));
        String inside = TestLab.exec(node, null, "cat", "/proc/self/cgroup").out();
        assertTrue(inside.lines().anyMatch("0::/"::equals), inside);
        // Every hierarchy's path is "/": the node cannot see where it sits on the machine.
        assertTrue(inside.lines().allMatch(l -> l.endsWith(":/")), inside);
        assertFalse(NsRef.ofProcess(node.pid(), NsKind.CGROUP).sameAs(NsRef.ofProcess(TestLab.SELF, NsKind.CGROUP)));
    }

    @Test
    void withoutOneTheNodeSeesTheMachinesPaths() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web").withNamespaces(EnumSet.of(NsKind.UTS, NsKind.IPC, NsKind.PID, NsKind.MNT)));
        // The exec'd cat sits in the same cgroups as this JVM (its caller), and says so.
        String mine = Files.readString(Path.of("/proc/self/cgroup"));
        assertEquals(mine, TestLab.exec(node, null, "cat", "/proc/self/cgroup").out());
    }
}
