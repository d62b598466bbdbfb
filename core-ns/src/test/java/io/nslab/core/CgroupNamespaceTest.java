package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.core.cgroup.CgroupLimits;
import io.nslab.core.cgroup.Cgroups;
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

    /** The node's own cgroup (what up makes for it): the init joins it first, so the namespace is rooted there; exec joins it too. */
    @Test
    void inACgroupOfItsOwnTheNamespaceIsRootedThere() throws Exception {
        Cgroups cgroups = Cgroups.detect();
        String path = "nst-cgns-" + lab.name;
        cgroups.create(path, new CgroupLimits(null, null, 20L), null);
        try {
            ProcessStamp node = lab.start(lab.spec("web").withCgroup(cgroups.dirs(path)));
            String machine = Files.readString(Path.of("/proc", Integer.toString(node.pid()), "cgroup"));
            assertTrue(machine.contains(":/" + path + "\n"), machine);
            String inside = TestLab.run(InitBinary.execCommand(node, List.of("cat", "/proc/self/cgroup"), Map.of(), false, false,
                    cgroups.dirs(path)), null).out();
            assertTrue(inside.lines().allMatch(l -> l.endsWith(":/")), inside);
            assertEquals(1L, cgroups.usage(path).pids(), "only the init is left in it");
            // the init is off the OOM killer's list, where this machine lets root lower it
            String adj = Files.readString(Path.of("/proc", Integer.toString(node.pid()), "oom_score_adj")).strip();
            assertTrue(adj.equals("-1000") || adj.equals("0"), adj);
        } finally {
            cgroups.remove(path); // kills the node's init first, as down's undo would; cleanUp finds it gone
        }
    }

    @Test
    void withoutOneTheNodeSeesTheMachinesPaths() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web").withNamespaces(EnumSet.of(NsKind.UTS, NsKind.IPC, NsKind.PID, NsKind.MNT)));
        // The exec'd cat sits in the same cgroups as this JVM (its caller), and says so.
        String mine = Files.readString(Path.of("/proc/self/cgroup"));
        assertEquals(mine, TestLab.exec(node, null, "cat", "/proc/self/cgroup").out());
    }
}
