package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Limits;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps.CreateCgroup;
import io.nslab.topology.plan.Steps.DeleteCgroup;
import io.nslab.topology.plan.Steps.StartNode;

/** A node's limits: read as Docker reads --memory, --cpus and --pids-limit, compiled into a cgroup per node. */
class LimitsTest {
    private static Lab lab(String nodes) {
        return LabParser.parse(("{'name':'lim','nodes':{" + nodes + "}}").replace('\'', '"'), "test");
    }

    @Test
    void readsEachUnitAndAnySubset() {
        Lab lab = lab("'a':{'limits':{'memory':'64M','cpus':0.5,'pids':50}},'b':{'limits':{'memory':'1g'}},"
                + "'c':{'limits':{'memory':8388608}},'d':{'limits':{'memory':'4096k','cpus':2}},'e':{}");
        assertEquals(new Limits(64L << 20, 0.5, 50), lab.nodes().get("a").limits());
        assertEquals(new Limits(1L << 30, null, null), lab.nodes().get("b").limits());
        assertEquals(new Limits(8L << 20, null, null), lab.nodes().get("c").limits());
        assertEquals(new Limits(4L << 20, 2.0, null), lab.nodes().get("d").limits());
        assertEquals(Limits.NONE, lab.nodes().get("e").limits());
    }

    @Test
    void everyNodeGetsACgroupUnderTheLabsBeforeAnythingElse() {
        Plan plan = PlanCompiler.compile(lab("'a':{'limits':{'memory':'64M','cpus':0.5,'pids':50}},'tasks':{'limits':{'cpus':0.001}}".replace("0.001", "0.01")), false);
        List<Step> steps = plan.steps();
        assertEquals(new CreateCgroup("nslab/lim", null, null, null), steps.get(0));
        assertEquals(new CreateCgroup("nslab/lim/a", 64L << 20, 50_000L, 50L), steps.get(1));
        // v1's "tasks" file is in every cgroup: a node of that name gets "_tasks"; 0.01 of a core is the kernel's 1 ms minimum
        assertEquals(new CreateCgroup("nslab/lim/_tasks", null, 1000L, null), steps.get(2));
        StartNode a = (StartNode) steps.stream().filter(s -> s instanceof StartNode n && n.node().equals("a")).findFirst().orElseThrow();
        assertEquals("nslab/lim/a", a.cgroup());
        // down removes the nodes' cgroups, then the lab's
        List<Step> teardown = plan.teardown();
        assertEquals(List.of(new DeleteCgroup("nslab/lim/_tasks"), new DeleteCgroup("nslab/lim/a"), new DeleteCgroup("nslab/lim")),
                teardown.subList(teardown.size() - 3, teardown.size()));
        assertEquals(plan, Plan.fromJson(plan.toJson()));
    }
}
