package io.nslab.labs.rootless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.labs.Nslab;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;

/**
 * Crash safety without root (issue 22): a user's {@code up} SIGKILLed before each step of a lab
 * with every kind of step a rootless lab can have (namespaces, a bridge with masquerade and a
 * published port, veths, a shared netns, a link to the host side with an impairment, routes, a
 * node's tmpfs mount, cgroups below the one delegated to the user, nodes, services), then
 * {@code down} as the user: nothing of the lab is
 * left, the holder neither (the user has no process at all), and the machine's own namespaces
 * never saw any of it. The user's JVM gets the test-only faults through NSLAB_JAVA_OPTS, as
 * EveryStepTest's root JVM does. Every node says {@code "root": "host"}, what a user's node
 * gets anyway (Unsupported), so that the Plan read here is the user's, step for step.
 */
@KernelTest
class RootlessEveryStepTest {
    private static final String LAB = "crashu";
    private static Path install;
    private static RootlessUser carol;
    /** carol's cgroup (the lab has limits): every node's cgroup is made below it, and undone. */
    private static List<Path> delegated;

    @BeforeAll
    static void user() throws Exception {
        install = RootlessUser.install();
        RootlessUser.root("cp", Path.of("src/test/resources/reliability/crash-rootless.json").toAbsolutePath().toString(),
                install.resolve("labs/crash-rootless.json").toString());
        RootlessUser.root("chmod", "a+r", install.resolve("labs/crash-rootless.json").toString());
        // The agent's jar as the user may read it (the build makes it the owner's alone).
        RootlessUser.root("cp", io.nslab.labs.faults.FaultsAgent.jar().toString(), install.resolve("faults.jar").toString());
        RootlessUser.root("chmod", "a+r", install.resolve("faults.jar").toString());
        carol = RootlessUser.create(install, false);
        delegated = carol.delegateCgroup();
    }

    @AfterAll
    static void removeUser() throws Exception {
        try (RootlessUser c = carol) {
            c.removeCgroup();
        } finally {
            RootlessUser.root("rm", "-rf", install.toString());
        }
    }

    @Test
    void killedBeforeEveryStepThenDownLeavesNothing() throws Exception {
        String machine = RootlessLabTest.machine();
        Plan plan = PlanCompiler.compile(LabFiles.load(install.resolve("labs/crash-rootless.json")), false, true);
        Path labs = carol.nslabDir().resolve("labs");
        for (int k = 1; k <= plan.steps().size() + 1; k++) {
            String what = "kill:" + k + (k <= plan.steps().size() ? " (" + plan.steps().get(k - 1).getClass().getSimpleName() + ")" : " (all up)");
            Nslab.Run up = carol.nslab(Map.of("NSLAB_JAVA_OPTS", "-javaagent:" + install.resolve("faults.jar") + "=kill:" + k), "up", "labs/crash-rootless.json");
            assertEquals(137, up.code(), what + ": " + up);
            boolean stateMade = Files.isDirectory(labs.resolve(LAB));
            Nslab.Run down = carol.nslab("down", LAB);
            if (stateMade) assertEquals(0, down.code(), what + ": " + down);
            List<String> left = carol.processes();
            for (long end = System.nanoTime() + 10_000_000_000L; !left.isEmpty() && System.nanoTime() < end; Thread.sleep(50)) {
                left = carol.processes();
            }
            assertEquals(List.of(), left, what + ": after down nothing of carol's runs, the holder neither");
            assertEquals(List.of(), RootlessLabTest.list(labs), what + ": no state left");
            for (Path d : delegated) {
                assertEquals(List.of(), RootlessLabTest.list(d).stream().filter(f -> Files.isDirectory(d.resolve(f))).toList(), what + ": no cgroup left in " + d);
            }
            assertEquals(machine, RootlessLabTest.machine(), what + ": the machine's namespaces never saw the lab");
        }
        assertTrue(plan.steps().size() > 10, "a lab of many steps: " + plan.steps().size());
        assertTrue(plan.steps(io.nslab.topology.plan.Steps.CreateCgroup.class).size() == 4, "the lab's cgroup and its nodes': " + plan.steps());
    }
}
