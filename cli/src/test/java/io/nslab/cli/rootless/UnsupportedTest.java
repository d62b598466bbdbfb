package io.nslab.cli.rootless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.topology.model.Lab;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Steps;

/** What a rootless lab cannot have, from the lessons' own lab files; and a rootless plan has no cgroups. */
class UnsupportedTest {
    private static Lab lab(String name) {
        return LabFiles.load(Path.of(System.getProperty("nslab.root", ".."), "labs", name));
    }

    @Test
    void onHostLimitsAndUserMapsAreRefusedTheRestIsNot() {
        assertEquals(Optional.empty(), Unsupported.reason(lab("bridge.json"), false));
        assertTrue(Unsupported.reason(lab("bridge.json"), true).orElseThrow().startsWith("--on-host needs root"));
        assertTrue(Unsupported.reason(lab("limits.json"), false).orElseThrow().contains("has limits, which need a cgroup"));
        assertTrue(Unsupported.reason(lab("user.json"), false).orElseThrow().contains("has a user map"));
    }

    @Test
    void aPlanWithoutCgroupsHasNoCgroupStepAndItsNodesJoinNone() {
        Plan rootless = PlanCompiler.compile(lab("bridge.json"), false, false);
        assertEquals(0, rootless.steps(Steps.CreateCgroup.class).size());
        assertTrue(rootless.steps(Steps.StartNode.class).stream().allMatch(n -> n.cgroup() == null));
        Plan root = PlanCompiler.compile(lab("bridge.json"), false);
        assertEquals(1 + root.nodes().size(), root.steps(Steps.CreateCgroup.class).size());
        assertEquals(root.steps().size() - rootless.steps().size(), root.steps(Steps.CreateCgroup.class).size());
    }

    /** A node without a root of its own sees the machine's tree as a user's: a mount target must be there. */
    @Test
    void aMountTargetMissingOnTheMachineIsRefusedBeforeAnythingIsMade(@org.junit.jupiter.api.io.TempDir Path dir) {
        String missing = dir.resolve("not-made").toString();
        Lab lab = io.nslab.topology.LabParser.parse(("{'name':'m','nodes':{'a':{'mounts':[{'type':'tmpfs','target':'" + missing + "'}]}}}")
                .replace('\'', '"'), "test", dir);
        assertTrue(Unsupported.reason(lab, false).orElseThrow().contains("mounts on " + missing + ", which does not exist on the machine"));
        Lab there = io.nslab.topology.LabParser.parse(("{'name':'m','nodes':{'a':{'mounts':[{'type':'tmpfs','target':'" + dir + "'}]}}}")
                .replace('\'', '"'), "test", dir);
        assertEquals(Optional.empty(), Unsupported.reason(there, false));
    }
}
