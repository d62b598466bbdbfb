package io.nslab.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 layout's file writes against a fake tree (a directory with the root's files): what a
 * stock Debian or Ubuntu machine gets, checked on machines that have no v2 controllers.
 */
class CgroupsV2FakeTreeTest {
    @TempDir Path root;

    private CgroupsV2 tree(String controllers, String enabled) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), controllers + "\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), enabled + "\n");
        return new CgroupsV2(root);
    }

    @Test
    void makesTheNodesCgroupWithItsLimitsAndTheControllersDownTheWay() throws Exception {
        CgroupsV2 v2 = tree("cpuset cpu io memory hugetlb pids rdma misc", "cpu memory pids");
        v2.create("nslab/lab1", CgroupLimits.NONE, "nslab:lab1:/run/nslab");
        v2.create("nslab/lab1/web", new CgroupLimits(64L << 20, 50_000L, 50L), "nslab:lab1:/run/nslab");
        Path web = root.resolve("nslab/lab1/web");
        assertEquals("67108864", Files.readString(web.resolve("memory.max")));
        assertEquals("50000 100000", Files.readString(web.resolve("cpu.max")));
        assertEquals("50", Files.readString(web.resolve("pids.max")));
        // The root had them enabled: left untouched. The two cgroups nslab made enable them for their children.
        assertEquals("cpu memory pids\n", Files.readString(root.resolve("cgroup.subtree_control")));
        assertEquals("+cpu +memory +pids", Files.readString(root.resolve("nslab/cgroup.subtree_control")));
        assertEquals("+cpu +memory +pids", Files.readString(root.resolve("nslab/lab1/cgroup.subtree_control")));
        assertEquals(List.of(web), v2.dirs("nslab/lab1/web"));
        assertEquals("nslab:lab1:/run/nslab", v2.mark("nslab/lab1/web").orElseThrow());
        assertEquals(List.of("web"), v2.children("nslab/lab1"));
    }

    @Test
    void enablesOnlyWhatTheRootLacksAndOffers() throws Exception {
        CgroupsV2 v2 = tree("cpu memory pids io", "memory");
        v2.create("nslab/lab2", CgroupLimits.NONE, null);
        assertEquals("+cpu +pids", Files.readString(root.resolve("cgroup.subtree_control")));
    }

    @Test
    void aNodeWithoutLimitsWritesNoLimit() throws Exception {
        CgroupsV2 v2 = tree("cpu memory pids", "cpu memory pids");
        v2.create("nslab/lab3/db", CgroupLimits.NONE, null);
        Path db = root.resolve("nslab/lab3/db");
        assertFalse(Files.exists(db.resolve("memory.max")));
        assertFalse(Files.exists(db.resolve("cpu.max")));
        assertFalse(Files.exists(db.resolve("pids.max")));
    }

    @Test
    void aLimitWithoutItsControllerIsAClearError() throws Exception {
        CgroupsV2 v2 = tree("cpu pids", "cpu pids");
        CgroupException e = assertThrows(CgroupException.class, () -> v2.create("nslab/lab4/x", new CgroupLimits(1L << 26, null, null), null));
        assertTrue(e.getMessage().contains("memory controller"), e.getMessage());
    }

    @Test
    void anExistingCgroupIsNotTaken() throws Exception {
        CgroupsV2 v2 = tree("cpu memory pids", "cpu memory pids");
        Files.createDirectories(root.resolve("nslab/lab5"));
        assertThrows(CgroupException.Exists.class, () -> v2.create("nslab/lab5", CgroupLimits.NONE, null));
    }

    @Test
    void readsUsageFromTheKernelsFiles() throws Exception {
        CgroupsV2 v2 = tree("cpu memory pids", "cpu memory pids");
        Path d = Files.createDirectories(root.resolve("nslab/lab6/web"));
        Files.writeString(d.resolve("memory.current"), "1048576\n");
        Files.writeString(d.resolve("memory.max"), "67108864\n");
        Files.writeString(d.resolve("cpu.stat"), "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");
        Files.writeString(d.resolve("cpu.max"), "50000 100000\n");
        Files.writeString(d.resolve("pids.current"), "3\n");
        Files.writeString(d.resolve("pids.max"), "max\n");
        Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        assertEquals(new CgroupUsage(1048576L, 67108864L, 1500000L, 50000L, 3L, null, 1L), v2.usage("nslab/lab6/web"));
    }

    @Test
    void explainsWithTheCommandsAStudentTypes() throws Exception {
        CgroupsV2 v2 = new CgroupsV2(Path.of("/sys/fs/cgroup"));
        assertEquals(List.of("mkdir -p /sys/fs/cgroup/nslab/l/web",
                "echo '+cpu +memory +pids' > /sys/fs/cgroup/nslab/l/cgroup.subtree_control   # the controllers, for the cgroups below",
                "echo 67108864 > /sys/fs/cgroup/nslab/l/web/memory.max",
                "echo 0 > /sys/fs/cgroup/nslab/l/web/memory.swap.max",
                "echo '50000 100000' > /sys/fs/cgroup/nslab/l/web/cpu.max",
                "echo 50 > /sys/fs/cgroup/nslab/l/web/pids.max"),
                v2.script("nslab/l/web", new CgroupLimits(64L << 20, 50_000L, 50L), MemoryCgroup.OWN));
        assertEquals(List.of("echo $$ > /sys/fs/cgroup/nslab/l/web/cgroup.procs"), v2.joinScript("nslab/l/web", MemoryCgroup.OWN));
        // A node without a memory limit: memory not passed down for it, and the shell joins its own cgroup all the same.
        assertEquals(List.of("mkdir -p /sys/fs/cgroup/nslab/l/db",
                "echo '+cpu +pids' > /sys/fs/cgroup/nslab/l/cgroup.subtree_control   # the controllers, for the cgroups below"
                        + " (memory: none of their own, unless a node has a memory limit)",
                "echo 50 > /sys/fs/cgroup/nslab/l/db/pids.max"),
                v2.script("nslab/l/db", new CgroupLimits(null, null, 50L), MemoryCgroup.PARENT));
        assertEquals(List.of("echo $$ > /sys/fs/cgroup/nslab/l/db/cgroup.procs"), v2.joinScript("nslab/l/db", MemoryCgroup.PARENT));
    }

    /**
     * A node without a memory limit gets no memory cgroup (each costs the kernel ~1 MB it never
     * reclaims): the lab's cgroup passes memory down only once a node of the lab has a limit,
     * and then (v2 has no other way) to every node. nslab adds what is missing, removes nothing.
     */
    @Test
    void theLabPassesMemoryDownOnlyForANodeWithAMemoryLimit() throws Exception {
        CgroupsV2 v2 = tree("cpu memory pids", "cpu memory pids");
        v2.create("nslab/lab7", CgroupLimits.NONE, "m");
        v2.create("nslab/lab7/db", new CgroupLimits(null, 50_000L, null), MemoryCgroup.PARENT, "m");
        assertEquals("+cpu +memory +pids", Files.readString(root.resolve("nslab/cgroup.subtree_control")), "the lab's own memory cgroup");
        assertEquals("+cpu +pids", Files.readString(root.resolve("nslab/lab7/cgroup.subtree_control")));
        assertFalse(Files.exists(root.resolve("nslab/lab7/db/memory.max")));
        assertEquals(List.of(root.resolve("nslab/lab7/db")), v2.joinDirs("nslab/lab7/db"));
        assertEquals(List.of(), v2.joinDirs("nslab/lab7/gone"));

        Files.writeString(root.resolve("nslab/lab7/cgroup.subtree_control"), "cpu pids\n"); // as the kernel reads it back
        v2.create("nslab/lab7/web", new CgroupLimits(64L << 20, null, null), MemoryCgroup.OWN, "m");
        assertEquals("+memory", Files.readString(root.resolve("nslab/lab7/cgroup.subtree_control")), "only what was missing");
        assertEquals("67108864", Files.readString(root.resolve("nslab/lab7/web/memory.max")));

        assertThrows(IllegalArgumentException.class,
                () -> v2.create("nslab/lab7/x", new CgroupLimits(64L << 20, null, null), MemoryCgroup.PARENT, "m"), "a limit needs its own");
    }

    /** Without memory.current (no memory cgroup of its own), usage is the resident memory of the cgroup's processes. */
    @Test
    void aCgroupWithoutMemoryOfItsOwnShowsItsProcessesResidentMemory() throws Exception {
        CgroupsV2 v2 = tree("cpu memory pids", "cpu memory pids");
        Path d = Files.createDirectories(root.resolve("nslab/lab8/db"));
        Files.writeString(d.resolve("pids.current"), "1\n");
        Files.writeString(d.resolve("cgroup.procs"), ProcessHandle.current().pid() + "\n");
        CgroupUsage u = v2.usage("nslab/lab8/db");
        assertNull(u.memoryBytes());
        assertTrue(u.rssBytes() > 16L << 20 && u.rssBytes() < 64L << 30, "this JVM's resident memory: " + u.rssBytes());
        assertEquals(1L, u.pids());

        Files.writeString(d.resolve("memory.current"), "1048576\n");
        assertNull(v2.usage("nslab/lab8/db").rssBytes(), "a memory cgroup's own figure, not the other");
    }

    @Test
    void readsTheLayoutFromMountinfo() {
        String hybrid = String.join("\n",
                "30 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755",
                "31 30 0:27 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw",
                "33 30 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct",
                "34 30 0:30 / /sys/fs/cgroup/memory rw,relatime shared:13 - cgroup cgroup rw,memory",
                "35 30 0:31 / /sys/fs/cgroup/pids rw,relatime shared:14 - cgroup cgroup rw,pids", "");
        CgroupMounts m = CgroupMounts.parse(hybrid);
        assertEquals(Path.of("/sys/fs/cgroup/unified"), m.unified());
        assertEquals(Map.of("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"),
                "memory", Path.of("/sys/fs/cgroup/memory"), "pids", Path.of("/sys/fs/cgroup/pids")), m.v1());
        Cgroups c = Cgroups.of(m);
        assertEquals("v1", c.version());
        assertEquals(3, c.dirs("nslab/x").size()); // cpu and cpuacct share one

        CgroupMounts unified = CgroupMounts.parse("28 22 0:25 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
        assertEquals(new CgroupsV2(Path.of("/sys/fs/cgroup")), Cgroups.of(unified));
        assertNull(unified.v1().get("memory"));
    }

    /** A delegated root's own processes (a user's holder) go to a leaf first: v2 lets no cgroup with processes pass controllers down. */
    @Test
    void aDelegatedRootsProcessesMoveToALeafBeforeItsChildrenGetControllers() throws Exception {
        tree("cpu memory pids", "");
        Files.writeString(root.resolve("cgroup.procs"), "4242\n");
        Files.createDirectories(root.resolve(CgroupsV2.LEAF));
        Files.writeString(root.resolve(CgroupsV2.LEAF).resolve("cgroup.procs"), "");
        new CgroupsV2(root, true).create("nslab/lab1", CgroupLimits.NONE, null);
        assertEquals("4242", Files.readString(root.resolve(CgroupsV2.LEAF).resolve("cgroup.procs")), "moved (a fake file keeps the last write)");
        assertEquals("+cpu +memory +pids", Files.readString(root.resolve("cgroup.subtree_control")));
    }

    /** Delegation finds the process's own cgroup below the mounts, and refuses one that is not the user's. */
    @Test
    void delegationIsTheProcesssOwnCgroupWhenItIsWritable() throws Exception {
        Path mine = root.resolve("user.slice/user@1000.service/app.slice/nslab.scope");
        Files.createDirectories(mine);
        for (String f : List.of("cgroup.procs", "cgroup.subtree_control", "cgroup.controllers")) Files.writeString(mine.resolve(f), "");
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        CgroupMounts unified = new CgroupMounts(root, java.util.Map.of());
        Cgroups delegated = Delegation.of(unified, "0::/user.slice/user@1000.service/app.slice/nslab.scope\n");
        assertEquals(new CgroupsV2(mine, true), delegated);
        // A cgroup this process cannot write (here: one that is not there, which root cannot write either) is refused.
        CgroupException e = assertThrows(CgroupException.class, () -> Delegation.of(unified, "0::/user.slice/session-3.scope\n"));
        assertTrue(e.getMessage().contains("no cgroup is delegated to you"), e.getMessage());
        // The holder moved to its leaf: the delegated cgroup is the leaf's parent.
        assertEquals(new CgroupsV2(mine, true), Delegation.of(unified, "0::/user.slice/user@1000.service/app.slice/nslab.scope/"
                + CgroupsV2.LEAF + "\n"));
        Path v1 = root.resolve("pids-mount");
        Files.createDirectories(v1.resolve("users/alice"));
        Files.writeString(v1.resolve("users/alice/cgroup.procs"), "");
        Cgroups old = Delegation.of(new CgroupMounts(null, java.util.Map.of("pids", v1)), "3:pids:/users/alice\n0::/\n");
        assertEquals(List.of(v1.resolve("users/alice/nslab/lab")), old.dirs("nslab/lab"));
    }
}
