package io.nslab.labs.reliability;

import io.nslab.labs.Nslab;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.LabFiles;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;

/**
 * Crash and failure at every step of a lab with every kind of step (cgroups, one with limits, namespaces, a bridge,
 * veths, a shared netns, a link to the host side with an impairment, routes, NAT with masquerade
 * and a published port, node files, nodes, services): through the real launcher, {@code up} is SIGKILLed
 * before step K (then {@code down}), or step K fails (then {@code up} rolls back by itself),
 * for each K in turn. Each time nothing of the lab remains, and a bystander made to look like
 * the lab's objects survives untouched.
 */
@KernelTest
class EveryStepTest {
    static final long UP_SECONDS = 60;

    @TempDir Path tmp;

    @BeforeAll
    static void launcherIsBuilt() throws Exception {
        // The first ./nslab builds the project if a source is newer than the jar: not inside a timed case.
        Nslab.Run v = Nslab.launcher(Map.of(), 600, "--version");
        assertEquals(0, v.code(), v.toString());
    }

    private static Plan plan(Path file) {
        return PlanCompiler.compile(LabFiles.load(file), false);
    }

    @Test
    void killedBeforeEveryStepThenDownLeavesNothing() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = plan(file);
        assertKinds(plan);
        String rootLinks = Witness.run("ip", "-o", "link", "show").replaceAll("\\s+link/.*", "");
        try (Bystander bystander = new Bystander(lab)) {
            for (int k = 1; k <= plan.steps().size() + 1; k++) {
                String what = "kill:" + k + (k <= plan.steps().size() ? " (before " + name(plan.steps().get(k - 1)) + ")" : " (all done)");
                List<ProcessStamp> processes = List.of();
                try {
                    Nslab.Run up = Nslab.launcher(Map.of("NSLAB_FAILPOINT", "kill:" + k), UP_SECONDS, "up", file.toString());
                    assertEquals(137, up.code(), what + ": " + up);
                    processes = LabTraces.processes(lab);
                    if (k == plan.steps().size() + 1) assertFalse(processes.isEmpty(), what + ": the supervisor was started");
                } finally {
                    Nslab.Run down = Nslab.run("down", lab);
                    if (k > 1 || StateDir.of(lab).exists()) assertEquals(0, down.code(), what + ": " + down);
                }
                LabTraces.assertNone(what, lab, processes);
                bystander.assertIntact(what);
            }
        } finally {
            if (StateDir.of(lab).exists()) Nslab.run("down", lab);
        }
        assertEquals(rootLinks, Witness.run("ip", "-o", "link", "show").replaceAll("\\s+link/.*", ""), "the machine's own links");
    }

    @Test
    void aFailureAtEveryStepRollsBackCompletely() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = plan(file);
        try (Bystander bystander = new Bystander(lab)) {
            for (int k = 1; k <= plan.steps().size(); k++) {
                String what = "fail:" + k + " (" + name(plan.steps().get(k - 1)) + ")";
                try {
                    Nslab.Run up = Nslab.launcher(Map.of("NSLAB_FAILPOINT", "fail:" + k), UP_SECONDS, "up", file.toString());
                    assertEquals(3, up.code(), what + ": " + up);
                    assertEquals(List.of("nslab up: " + lab + ": step " + k + "/" + plan.steps().size()
                            + ": failpoint fail:" + k + " (NSLAB_FAILPOINT, test only) (rolled back, nothing left)"),
                            up.err().lines().toList(), what);
                    assertEquals("", up.out(), what);
                } finally {
                    if (StateDir.of(lab).exists()) Nslab.run("down", lab);
                }
                LabTraces.assertNone(what, lab, List.of());
                bystander.assertIntact(what);
            }
        }
    }

    /** The lab exercises every kind of step the executor knows. */
    private static void assertKinds(Plan plan) {
        List<String> kinds = new ArrayList<>();
        for (Step s : plan.steps()) if (!kinds.contains(name(s))) kinds.add(name(s));
        assertEquals(List.of("CreateCgroup", "CreateNetns", "LinkUp", "SetSysctl", "CreateBridge", "AddAddress", "CreateVeth", "SetMaster",
                "ImpairEgress", "AddRoute", "InstallNat", "WriteHostsFile", "StartNode", "StartServices"), kinds);
    }

    private static String name(Step s) { return s.getClass().getSimpleName(); }

    static boolean exists(Path p) { return Files.exists(p); }
}
