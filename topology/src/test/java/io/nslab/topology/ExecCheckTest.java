package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.topology.model.Check;
import io.nslab.topology.model.Expect;
import io.nslab.topology.model.Lab;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.ResolvedCheck;

/** The exec check: a command run inside a node, judged by its exit status and standard output. */
class ExecCheckTest {
    /** web has its own namespaces; side shares web's network namespace; lonely has no network at all. */
    static final String LAB = BadLabTest.lab("'bridges':{'br0':{'subnet':'10.0.0.0/24'}},"
            + "'nodes':{'web':{'interfaces':{'eth0':{'bridge':'br0'}}},'side':{'netns':'web','hostname':'sidecar'},'lonely':{}},"
            + "'checks':["
            + "{'from':'web','exec':'hostname','expect':{'exit':0,'stdout_contains':'web'}},"
            + "{'from':'side','exec':['cat','/proc/1/comm'],'expect':{'stdout_contains':'nslab-init','stdout_lacks':'systemd'}},"
            + "{'from':'lonely','exec':'ipcs -q | grep -q 0x','expect':'fail','timeout_ms':500},"
            + "{'from':'web','exec':['true']},"
            + "{'from':'web','exec':'exit 3','expect':{'exit':3}},"
            + "{'from':'web','ping':'web'},"
            + "{'from':'web','ping':'web','retry':false}]");

    @Test
    void readsBothCommandFormsAndEveryExpectation() {
        List<Check> c = LabParser.parse(LAB, "t.json").checks();
        assertEquals(new Check("web", "exec", "hostname", List.of("/bin/sh", "-c", "hostname"), Expect.exec(0, "web", null), 2000), c.get(0));
        assertEquals(new Check("side", "exec", "cat /proc/1/comm", List.of("cat", "/proc/1/comm"),
                Expect.exec(null, "nslab-init", "systemd"), 2000), c.get(1));
        assertEquals(new Check("lonely", "exec", "ipcs -q | grep -q 0x", List.of("/bin/sh", "-c", "ipcs -q | grep -q 0x"), Expect.FAIL, 500), c.get(2));
        assertEquals(Expect.OK, c.get(3).expect());
        assertEquals(Integer.valueOf(3), c.get(4).expect().exit());
        assertTrue(c.get(0).isExec());
        assertFalse(c.get(5).isExec());
        assertEquals(List.of(), c.get(5).argv());
        assertTrue(c.get(5).retry(), "a check retries unless it says otherwise");
        assertFalse(c.get(6).retry());
    }

    @Test
    void resolvesToTheNodeWithoutAnAddress() {
        Plan plan = PlanCompiler.compile(LabParser.parse(LAB, "t.json"), false);
        ResolvedCheck web = plan.checks().get(0);
        assertEquals(new ResolvedCheck(0, "web", "t-web", "exec", "hostname", null, 0, null, Expect.exec(0, "web", null), 2000,
                List.of("/bin/sh", "-c", "hostname")), web);
        // side runs in its own namespaces but shares web's network namespace
        assertEquals("t-web", plan.checks().get(1).netns());
        assertEquals("t-lonely", plan.checks().get(2).netns());
        assertNull(plan.checks().get(2).address());
        assertEquals("web: exec hostname", web.describe());
        assertEquals("lonely: exec ipcs -q | grep -q 0x, expect fail", plan.checks().get(2).describe());
        assertEquals("web: ping web (10.0.0.2)", plan.checks().get(5).describe());
        assertTrue(plan.checks().get(5).retry());
        assertFalse(plan.checks().get(6).retry(), "retry: false reaches the plan");
    }

    @Test
    void survivesPlanJson() {
        Plan plan = PlanCompiler.compile(LabParser.parse(LAB, "t.json"), false);
        Plan back = Plan.fromJson(plan.toJson());
        assertEquals(plan.checks(), back.checks());
        assertEquals(plan, back);
    }

    @Test
    void aNodeWithoutNetworkCanStillRunCommands() {
        Lab lab = LabParser.parse(BadLabTest.lab("'nodes':{'a':{'namespaces':['uts']}},'checks':[{'from':'a','exec':'hostname'}]"), null);
        assertEquals(1, lab.checks().size());
    }
}
