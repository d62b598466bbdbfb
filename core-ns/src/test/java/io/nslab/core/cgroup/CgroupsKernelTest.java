package io.nslab.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/**
 * The cgroup library on this machine's kernel: the layout it detects (v1 on a hybrid machine,
 * v2 on a stock one), and on a hybrid machine also the v2 mount without controllers, where
 * v2's mkdir, join, kill and rmdir work the same (only the limits need controllers).
 */
@KernelTest
class CgroupsKernelTest {
    final String top = "nst-cg-" + UUID.randomUUID().toString().substring(0, 6);
    final Cgroups here = Cgroups.detect();
    final List<Cgroups> used = new ArrayList<>();
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void removeEverything() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        for (Cgroups c : used) {
            c.remove(top);
            assertFalse(c.exists(top), "left: " + c.dirs(top));
        }
    }

    /** sleep, started in the cgroup's directories (the way nslab-init joins them). */
    Process sleepIn(Cgroups c, String path) throws Exception {
        StringBuilder join = new StringBuilder();
        for (Path d : c.dirs(path)) join.append("echo $$ > ").append(d.resolve("cgroup.procs")).append("; ");
        Process p = new ProcessBuilder("sh", "-c", join + "exec sleep 60").start();
        started.add(p);
        // in every directory, not just one: on cgroup v1 the shell joins the hierarchies one by one,
        // and procs() (their union) lists it after the first (pids.current was read as 0 once)
        for (int i = 0; i < 200 && !inEvery(c.dirs(path)); i++) Thread.sleep(10);
        return p;
    }

    private static boolean inEvery(List<Path> dirs) throws Exception {
        for (Path d : dirs) if (Files.readString(d.resolve("cgroup.procs")).isBlank()) return false;
        return true;
    }

    @Test
    void makesLimitsCountsAndRemovesWithAProcessInside() throws Exception {
        used.add(here);
        String node = top + "/lab/web";
        here.create(top + "/lab", CgroupLimits.NONE, "nslab:lab:/tmp/x");
        here.create(node, new CgroupLimits(64L << 20, 50_000L, 50L), "nslab:lab:/tmp/x");
        assertThrows(CgroupException.Exists.class, () -> here.create(node, CgroupLimits.NONE, null));
        assertEquals("nslab:lab:/tmp/x", here.mark(top + "/lab").orElseThrow());
        assertEquals(List.of("lab"), here.children(top));

        Process sleep = sleepIn(here, node);
        assertEquals(List.of((int) sleep.pid()), here.procs(node));
        CgroupUsage u = here.usage(node);
        assertEquals(64L << 20, u.memoryMax());
        assertEquals(50_000L, u.cpuQuotaUs());
        assertEquals(50L, u.pidsMax());
        assertEquals(1L, u.pids());
        assertNotNull(u.cpuUsec());
        assertTrue(u.memoryBytes() > 0, u.toString());
        // The machine's view of the process: its cgroup is the node's, in every hierarchy nslab uses.
        String cgroupFile = Files.readString(Path.of("/proc", Long.toString(sleep.pid()), "cgroup"));
        assertTrue(cgroupFile.contains(":/" + node + "\n"), cgroupFile);

        // down: a cgroup with a process in it cannot be removed; remove kills it first
        here.remove(top + "/lab");
        assertTrue(sleep.waitFor(5, TimeUnit.SECONDS), "the process in the cgroup was killed");
        assertFalse(here.exists(top + "/lab"));
        assertTrue(here.removeIfEmpty(top));
        assertFalse(here.exists(top));
    }

    @Test
    void aZombieDoesNotHoldItsCgroup() throws Exception {
        used.add(here);
        here.create(top + "/z", CgroupLimits.NONE, null);
        // the child of a shell that does not wait: a zombie until the shell exits
        StringBuilder join = new StringBuilder();
        for (Path d : here.dirs(top + "/z")) join.append("echo $$ > ").append(d.resolve("cgroup.procs")).append("; ");
        Process parent = new ProcessBuilder("sh", "-c", "sh -c '" + join + "exit 0' & exec sleep 60").start();
        started.add(parent);
        Thread.sleep(500);
        long zombies = parent.children().count();
        here.remove(top + "/z");
        assertFalse(here.exists(top + "/z"), "removed with " + zombies + " zombie(s) about");
    }

    @Test
    void theUnifiedTreeOfAHybridMachineWorksTheV2Way() throws Exception {
        CgroupMounts mounts = CgroupMounts.read();
        Cgroups v2 = here instanceof CgroupsV2 ? here : new CgroupsV2(mounts.unified());
        used.add(v2);
        v2.create(top + "/lab", CgroupLimits.NONE, "nslab:lab:/tmp/y");
        v2.create(top + "/lab/web", CgroupLimits.NONE, null);
        assertEquals("nslab:lab:/tmp/y", v2.mark(top + "/lab").orElseThrow());
        Process sleep = sleepIn(v2, top + "/lab/web");
        assertEquals(List.of((int) sleep.pid()), v2.procs(top + "/lab/web"));
        assertNotNull(v2.usage(top + "/lab/web").cpuUsec(), "cpu.stat is there without the cpu controller");
        v2.remove(top);
        assertTrue(sleep.waitFor(5, TimeUnit.SECONDS), "cgroup.kill ended it");
        assertFalse(v2.exists(top));
    }
}
