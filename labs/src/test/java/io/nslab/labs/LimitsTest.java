package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals(0L, usage("free").oomKills());
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
