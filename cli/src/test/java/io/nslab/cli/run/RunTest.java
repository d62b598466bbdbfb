package io.nslab.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.LabFiles;
import io.nslab.cli.probe.ProbeResult;
import io.nslab.cli.state.Journal;
import io.nslab.topology.model.Expect;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.ResolvedCheck;
import io.nslab.topology.plan.Steps;

/** The executor's pure parts: failpoints, journal entries, judging checks, reports, what a Plan shows. */
class RunTest {
    @TempDir Path tmp;

    static Plan bridgePlan() {
        return PlanCompiler.compile(LabFiles.load(Path.of(System.getProperty("nslab.root", ".."), "labs/bridge.json")), false);
    }

    @Test
    void failpointsParseAndRejectAnythingElse() {
        assertEquals(new Failpoint(Failpoint.Kind.FAIL, 7), Failpoint.parse("fail:7"));
        assertEquals(new Failpoint(Failpoint.Kind.KILL, 12), Failpoint.parse("kill:12"));
        assertEquals(new Failpoint(Failpoint.Kind.STALL, 3), Failpoint.parse("stall:3"));
        for (String bad : List.of("fail", "fail:", "fail:x", "boom:3", "kill:-1")) {
            assertThrows(IllegalArgumentException.class, () -> Failpoint.parse(bad), bad);
        }
        StepFailure f = assertThrows(StepFailure.class, () -> Failpoint.parse("fail:2").atStep(2));
        assertEquals(2, f.step());
        Failpoint.parse("fail:2").atStep(1); // other steps run
    }

    @Test
    void journalEntriesKeepTheirStepsTypes() {
        Path file = tmp.resolve("journal");
        try (Journal j = Journal.append(file)) {
            j.record(JournalEntry.step(1, new Steps.CreateNetns("lab")));
            j.record(JournalEntry.step(2, new Steps.SetSysctl("@current", "net.ipv4.ip_forward", "1"), "0"));
            j.record(JournalEntry.absent(1));
            j.record(JournalEntry.process(JournalEntry.node("web"), 42, 4242L));
        }
        List<JournalEntry> entries = JournalEntry.parse(Journal.read(file));
        assertEquals(4, entries.size());
        assertEquals(new Steps.CreateNetns("lab"), entries.get(0).step());
        assertEquals(1, entries.get(0).doStep());
        assertInstanceOf(Steps.SetSysctl.class, entries.get(1).step());
        assertEquals("0", entries.get(1).old());
        assertEquals(1, entries.get(2).absent());
        assertNull(entries.get(2).step());
        assertEquals("node:web", entries.get(3).process());
        assertEquals(4242L, entries.get(3).start());
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

    @Test
    void junitReportIsEscapedAndCountsFailures() {
        ResolvedCheck c = new ResolvedCheck(0, "a", "lab-a", "http", "http://b/?x=<1>&y", "10.0.0.2", 80, "/", Expect.OK, 2000);
        String xml = JunitReport.of("lab", List.of(new CheckResult(c, false, 12, "status \"404\" & <gone>")), null);
        assertTrue(xml.contains("tests=\"1\" failures=\"1\" errors=\"0\""), xml);
        assertTrue(xml.contains("http://b/?x=&lt;1&gt;&amp;y"), xml);
        assertTrue(xml.contains("message=\"status &quot;404&quot; &amp; &lt;gone&gt;\""), xml);
    }

    @Test
    void planShowsPublishedPortsAndServicesPerNode() {
        Plan plan = bridgePlan();
        assertEquals(Map.of("web", List.of("8080->80/tcp"), "client", List.of(), "isp", List.of()), LabView.published(plan));
        assertEquals(List.of("http/80"), LabView.services(plan).get("isp"));
        assertTrue(LabView.hasServices(plan));
    }

    @Test
    void tablesAlignColumns() {
        String t = new Table("NODE", "PID").row("web", 12).row("client", null).toString();
        assertEquals("NODE    PID\nweb     12\nclient\n", t);
    }
}
