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
        assertEquals(Optional.empty(), Unsupported.reason(lab("bridge.json"), false, ONE_ID, NO_CGROUP));
        assertTrue(Unsupported.reason(lab("bridge.json"), true, ONE_ID, NO_CGROUP).orElseThrow().startsWith("--on-host needs root"));
        assertTrue(Unsupported.reason(lab("limits.json"), false, ONE_ID, NO_CGROUP).orElseThrow().contains("has limits, which need a cgroup delegated to you: /sys/fs/cgroup/pids is not yours"));
        assertEquals(Optional.empty(), Unsupported.reason(lab("limits.json"), false, ONE_ID, Optional.empty()), "a delegated cgroup takes them");
        assertEquals("node \"box\" maps its uids to 100000-165535 (\"0:100000:65536\"), but your labs have one id, yours: "
                + "/etc/subuid has no range for alice (sudo usermod ...); then take your labs down, so that the next up maps it",
                Unsupported.reason(lab("user.json"), false, ONE_ID, NO_CGROUP).orElseThrow());
    }

    /** No cgroup delegated to the user. */
    private static final Optional<String> NO_CGROUP = Optional.of("/sys/fs/cgroup/pids is not yours");

    /** The user's, alone: no newuidmap range. */
    private static final LabIds ONE_ID = new LabIds(LabIds.ranges("0 1000 1\n"), LabIds.ranges("0 100 1\n"),
            Optional.of("/etc/subuid has no range for alice (sudo usermod ...)"));

    /** A node's map fits the user's range at 100000, or is refused with the ids the labs have. */
    @Test
    void aUserMapMustFitTheRangeAt100000() {
        LabIds range = new LabIds(LabIds.ranges("         0       1000          1\n    100000     165536      65536\n"),
                LabIds.ranges("0 100 1\n100000 165536 65536\n"), Optional.empty());
        assertEquals(Optional.empty(), Unsupported.reason(lab("user.json"), false, range, NO_CGROUP));
        Lab wide = io.nslab.topology.LabParser.parse("{'name':'w','nodes':{'a':{'user':{'uid':'0:100000:65536','gid':'0:200000:10'}}}}"
                .replace('\'', '"'), "test", Path.of("."));
        assertEquals("node \"a\" maps its gids to 200000-200009 (\"0:200000:10\"), outside your labs' gids 0, 100000-165535 "
                + "(0 is you; 100000 on, your range in /etc/subgid)", Unsupported.reason(wide, false, range, NO_CGROUP).orElseThrow());
        Lab own = io.nslab.topology.LabParser.parse("{'name':'o','nodes':{'a':{'user':{'uid':'0:0:1','gid':'0:0:1'}}}}"
                .replace('\'', '"'), "test", Path.of("."));
        assertEquals(Optional.empty(), Unsupported.reason(own, false, ONE_ID, NO_CGROUP), "the user's own id needs no range");
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
        assertTrue(Unsupported.reason(lab, false, ONE_ID, NO_CGROUP).orElseThrow().contains("mounts on " + missing + ", which does not exist on the machine"));
        Lab there = io.nslab.topology.LabParser.parse(("{'name':'m','nodes':{'a':{'mounts':[{'type':'tmpfs','target':'" + dir + "'}]}}}")
                .replace('\'', '"'), "test", dir);
        assertEquals(Optional.empty(), Unsupported.reason(there, false, ONE_ID, NO_CGROUP));
    }
}
