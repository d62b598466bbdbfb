package io.nslab.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v1 layout's directories against fake hierarchies (plain directories): a node without a
 * memory limit has none in the memory hierarchy, and what joins it joins the lab's there.
 * CgroupsKernelTest and LimitsTest check the same on the kernel.
 */
class CgroupsV1FakeTreeTest {
    @TempDir Path root;

    private CgroupsV1 tree() {
        Path cpu = root.resolve("cpu,cpuacct");
        return new CgroupsV1(Map.of("cpu", cpu, "cpuacct", cpu, "memory", root.resolve("memory"), "pids", root.resolve("pids")));
    }

    @Test
    void aNodeWithoutAMemoryLimitHasNoMemoryCgroupAndJoinsTheLabsThere() throws Exception {
        CgroupsV1 v1 = tree();
        for (String h : List.of("cpu,cpuacct", "memory", "pids")) Files.createDirectories(root.resolve(h));
        v1.create("nslab/lab", CgroupLimits.NONE, null);
        v1.create("nslab/lab/db", new CgroupLimits(null, null, 50L), MemoryCgroup.PARENT, null);
        assertTrue(Files.isDirectory(root.resolve("memory/nslab/lab")));
        assertFalse(Files.exists(root.resolve("memory/nslab/lab/db")));
        assertTrue(Files.isDirectory(root.resolve("pids/nslab/lab/db")));
        assertTrue(Files.isDirectory(root.resolve("cpu,cpuacct/nslab/lab/db")));
        assertEquals(List.of(root.resolve("cpu,cpuacct/nslab/lab/db"), root.resolve("memory/nslab/lab"), root.resolve("pids/nslab/lab/db")),
                v1.joinDirs("nslab/lab/db"));
        assertEquals(List.of(), v1.joinDirs("nslab/lab/gone"));
        assertEquals(List.of(root.resolve("cpu,cpuacct/nslab/lab/db"), root.resolve("pids/nslab/lab/db")), v1.dirs("nslab/lab/db", MemoryCgroup.PARENT));
        assertEquals(List.of("mkdir -p " + root.resolve("cpu,cpuacct/nslab/lab/db"), "mkdir -p " + root.resolve("pids/nslab/lab/db"),
                "echo 50 > " + root.resolve("pids/nslab/lab/db/pids.max")),
                v1.script("nslab/lab/db", new CgroupLimits(null, null, 50L), MemoryCgroup.PARENT));
        assertEquals(List.of("echo $$ > " + root.resolve("cpu,cpuacct/nslab/lab/db/cgroup.procs"), "echo $$ > " + root.resolve("memory/nslab/lab/cgroup.procs"),
                "echo $$ > " + root.resolve("pids/nslab/lab/db/cgroup.procs")), v1.joinScript("nslab/lab/db", MemoryCgroup.PARENT));
    }

    @Test
    void aMemoryHierarchyThatCarriesAnotherControllerKeepsTheNodesDirectory() throws Exception {
        Path both = root.resolve("memory,pids");
        CgroupsV1 v1 = new CgroupsV1(Map.of("memory", both, "pids", both));
        Files.createDirectories(both);
        v1.create("nslab/lab/db", CgroupLimits.NONE, MemoryCgroup.PARENT, null);
        assertTrue(Files.isDirectory(both.resolve("nslab/lab/db")), "pids needs it");
        assertEquals(List.of(both.resolve("nslab/lab/db")), v1.joinDirs("nslab/lab/db"));
    }
}
