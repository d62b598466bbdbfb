package io.nslab.cli.check;

import io.nslab.cli.check.CheckResult;
import io.nslab.cli.check.Checks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.probe.ProbeResult;
import io.nslab.topology.model.Expect;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.ResolvedCheck;

/** Judging checks, and what probes they become. */
class ChecksTest {
    static Plan bridgePlan() {
        return PlanCompiler.compile(LabFiles.load(Path.of(System.getProperty("nslab.root", ".."), "labs/bridge.json")), false);
    }

    @Test
    void aCheckExpectedToFailPassesWhenItsProbeFails() {
        ResolvedCheck ok = new ResolvedCheck(0, "client", "lab-client", "ping", "web", "172.20.0.10", 0, null, Expect.OK, 2000);
        ResolvedCheck fail = new ResolvedCheck(1, "client", "lab-client", "ping", "web", "172.20.0.10", 0, null, Expect.FAIL, 2000);
        ProbeResult replied = ProbeResult.ok(Duration.ofMillis(3), "reply from 172.20.0.10");
        ProbeResult silent = ProbeResult.timeout(Duration.ofMillis(2000));
        assertTrue(Checks.judge(ok, replied).passed());
        assertFalse(Checks.judge(ok, silent).passed());
        assertEquals("timeout after 2000 ms", Checks.judge(ok, silent).detail());
        assertTrue(Checks.judge(fail, silent).passed());
        CheckResult worked = Checks.judge(fail, replied);
        assertFalse(worked.passed());
        assertTrue(worked.line().startsWith("FAIL     3 ms  client: ping web (172.20.0.10), expect fail: expected to fail"), worked.line());
    }

    @Test
    void checksBecomeProbesFromTheirNodesNamespace() {
        List<ResolvedCheck> checks = bridgePlan().checks();
        var ping = (io.nslab.cli.probe.Probe.Ping) Checks.probe(checks.get(0));
        assertEquals("/run/netns/bridge-client", ping.netnsPath());
        var http = (io.nslab.cli.probe.Probe.Http) Checks.probe(checks.get(1));
        assertEquals(200, http.expectStatus());
        assertEquals("172.20.0.10", http.address().getHostAddress());
        assertEquals("web", http.url().getHost());
    }

}
