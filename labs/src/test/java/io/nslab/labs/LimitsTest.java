package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.nslab.cli.check.NodeExec;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.CgroupUsage;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.core.cgroup.CgroupsV1;
import io.nslab.core.cgroup.CgroupsV2;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.topology.plan.CgroupPaths;
import io.nslab.topology.plan.Plan;

/**
 * The limits lesson's promises, measured on the kernel: a node's memory hog is OOM-killed inside
 * its limit while its init and the other nodes live on; a fork loop stops at the pids limit
 * with EAGAIN; a busy loop is held at half a core. Programs run in the nodes as nslab exec runs
 * them (joining the node's cgroup). The lab is labs/limits.json under a name of its own.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsTest {
    Path tmp;
    String lab;
    Plan plan;
    NodeExec exec;
    final Cgroups cgroups = Cgroups.detect();

    @BeforeAll
    void up() throws Exception {
        lab = Nslab.uniqueName();
        tmp = Files.createTempDirectory("nst-limits");
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/limits.json"), lab, tmp);
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(0, up.code(), up.toString());
        plan = RunningLab.of(StateDir.of(lab)).plan();
        exec = new NodeExec(StateDir.of(lab), plan);
    }

    @AfterAll
    void down() throws Exception {
        LabTraces.downLeavingNothing("limits lab", lab, tmp);
    }

    record Result(int code, String out) {}

    Result run(String node, String script) throws Exception {
        Process p = exec.start(node, List.of("sh", "-c", script));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    CgroupUsage usage(String node) {
        return cgroups.usage(CgroupPaths.node(lab, node));
    }

    ProcessStamp init(String node) {
        return RunningLab.inits(StateDir.of(lab)).get(node);
    }

    @Test
    void aMemoryHogIsKilledInsideItsLimitAndTheInitLivesOn() throws Exception {
        assertEquals(64L << 20, usage("hog").memoryMax());
        long killsBefore = usage("hog").oomKills();
        // tail keeps its whole input when it has no newline: 200 MB allocated and written
        Result hog = run("hog", "head -c 200m /dev/zero | tail | wc -c");
        assertEquals("0", hog.out().strip(), "tail was killed before it wrote anything: " + hog);
        assertEquals(killsBefore + 1, usage("hog").oomKills(), "one OOM kill in the node's cgroup");
        assertTrue(init("hog").alive(), "the node's init survived");
        // and the lab goes on: the node runs more, the other nodes are untouched
        assertEquals("alive\n", run("hog", "echo alive").out());
        assertEquals("33554432", run("hog", "head -c 32m /dev/zero | tail | wc -c").out().strip(), "32 MB fit in 64");
        Long freeKills = usage("free").oomKills(); // v1: null, free has no memory cgroup of its own to count them
        assertTrue(freeKills == null || freeKills == 0, "free's OOM kills: " + freeKills);
        assertTrue(init("free").alive());
    }

    @Test
    void aForkLoopGetsEagainAtThePidsLimit() throws Exception {
        assertEquals(50L, usage("bomb").pidsMax());
        // perl (Essential in Debian) says what fork's errno was; its children sleep, so all are there at once
        Process p = exec.start("bomb", List.of("perl", "-e", "$| = 1; $n = 0; while (1) { $p = fork; "
                + "if (!defined $p) { print \"$n $!\\n\"; sleep 3; last } if ($p == 0) { sleep 5; exit } $n++ }"));
        p.getOutputStream().close();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        // counted while perl and its children are all there
        List<Integer> procs = cgroups.procs(CgroupPaths.node(lab, "bomb"));
        CgroupUsage u = usage("bomb");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String[] said = String.valueOf(line).strip().split(" ", 2);
        assertEquals("Resource temporarily unavailable", said.length < 2 ? line : said[1], "EAGAIN: " + line);
        long children = Long.parseLong(said[0]);
        // 50 in all: perl, its children, the node's init, and the exec that started perl
        assertTrue(children >= 45 && children <= 48, "fork failed after " + children + " children");
        assertEquals(50L, u.pids(), "processes in the node, as its cgroup counts them");
        // the machine has no more of them than that: every one is in the node's cgroup
        assertTrue(procs.size() >= children && procs.size() <= 50, "processes in the node's cgroup.procs: " + procs.size());
        assertTrue(init("bomb").alive());
    }

    @Test
    void aBusyLoopIsHeldAtHalfACore() throws Exception {
        String node = CgroupPaths.node(lab, "spin");
        assertEquals(50_000L, usage("spin").cpuQuotaUs());
        // This machine is shared (other builds, other tests): the node's cgroups get a large CPU weight,
        // so the loop is never starved below its quota and what holds it at half a core is the quota.
        List<Path> weights = weightFiles(node);
        List<String> old = weights.stream().map(LimitsTest::read).toList();
        try {
            for (Path w : weights) Files.writeString(w, cgroups instanceof CgroupsV1 ? "262144" : "10000");
            run("spin", "timeout 6 sh -c 'while :; do :; done' >/dev/null 2>&1 &");
            Thread.sleep(1000); // started, and past its first period
            long u0 = usage("spin").cpuUsec(), t0 = System.nanoTime();
            Thread.sleep(3000);
            long u1 = usage("spin").cpuUsec(), t1 = System.nanoTime();
            double cores = (u1 - u0) * 1000.0 / (t1 - t0);
            assertTrue(cores >= 0.45 && cores <= 0.55, "the busy loop used " + cores + " of a core over 3 s");
        } finally {
            for (int i = 0; i < weights.size(); i++) {
                try {
                    Files.writeString(weights.get(i), old.get(i));
                } catch (java.io.IOException gone) {
                    // removed meanwhile (nslab/ when no lab is left)
                }
            }
        }
    }

    /**
     * A node without a memory limit has no memory cgroup of its own (each costs the kernel about
     * a megabyte it never reclaims, issue 26): its init, and what exec starts in it (through the
     * JVM and through the launcher), are in the lab's memory cgroup and in the node's own
     * elsewhere; status shows memory for both kinds of node, each with its figure.
     */
    @Test
    void aNodeWithoutAMemoryLimitIsCountedInTheLabsMemoryCgroup() throws Exception {
        run("free", "sleep 30 >/dev/null 2>&1 &");
        Nslab.Run launched = Nslab.launcher(Map.of(), 60, "exec", "-l", lab, "free", "sh", "-c", "sleep 30 >/dev/null 2>&1 &");
        assertEquals(0, launched.code(), launched.toString());
        List<Integer> procs = cgroups.procs(CgroupPaths.node(lab, "free"));
        try {
            assertEquals(3, procs.size(), "the init and two sleeps: " + procs);
            assertTrue(procs.contains(init("free").pid()));
            if (cgroups instanceof CgroupsV1 v1) {
                Path memory = v1.hierarchies().get("memory");
                assertTrue(Files.isDirectory(memory.resolve(CgroupPaths.node(lab, "hog"))), "a node with a memory limit has its memory cgroup");
                assertFalse(Files.exists(memory.resolve(CgroupPaths.node(lab, "free"))), "a node without one has none");
                assertTrue(Files.isDirectory(v1.hierarchies().get("pids").resolve(CgroupPaths.node(lab, "free"))));
                for (int pid : procs) {
                    String own = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
                    assertTrue(own.contains(":memory:/" + CgroupPaths.lab(lab) + "\n"), pid + " is in the lab's memory cgroup: " + own);
                    assertTrue(own.contains(":pids:/" + CgroupPaths.node(lab, "free") + "\n"), pid + " is in the node's pids cgroup: " + own);
                }
            } else {
                // v2 passes memory to all of a parent's children or to none: hog's limit gives free one too.
                Path root = ((CgroupsV2) cgroups).root();
                assertTrue(Files.readString(root.resolve(CgroupPaths.lab(lab)).resolve("cgroup.subtree_control")).contains("memory"));
            }
            Nslab.Run status = Nslab.run("status", lab);
            assertEquals(0, status.code(), status.toString());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("hog ") && l.contains(" / 64.0M")), status.out());
            String memoryOfFree = cgroups instanceof CgroupsV1 ? "[0-9.]+[BKMG] rss" : "[0-9.]+[BKMG]";
            assertTrue(status.out().lines().anyMatch(l -> l.matches("free +[0-9]+ alive +" + memoryOfFree + " .*")), status.out());
            Nslab.Run json = Nslab.run("status", "--json", lab);
            for (com.fasterxml.jackson.databind.JsonNode n : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("nodes")) {
                com.fasterxml.jackson.databind.JsonNode c = n.get("cgroup");
                boolean ownMemory = n.get("name").asText().equals("hog") || !(cgroups instanceof CgroupsV1);
                assertTrue(ownMemory ? c.get("memory_bytes").asLong() > 0 && c.get("rss_bytes").isNull()
                        : c.get("memory_bytes").isNull() && c.get("rss_bytes").asLong() > 0, n.toString());
            }
        } finally {
            for (int pid : procs) if (pid != init("free").pid()) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** cpu.shares (v1) or cpu.weight (v2) of the node's cgroup and those above it that nslab made. */
    private List<Path> weightFiles(String node) {
        Path root = cgroups instanceof CgroupsV1 v1 ? v1.hierarchies().get("cpu") : ((CgroupsV2) cgroups).root();
        String file = cgroups instanceof CgroupsV1 ? "cpu.shares" : "cpu.weight";
        return List.of(root.resolve(CgroupPaths.TOP).resolve(file), root.resolve(CgroupPaths.lab(lab)).resolve(file), root.resolve(node).resolve(file));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
