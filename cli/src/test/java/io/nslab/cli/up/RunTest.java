package io.nslab.cli.up;

import io.nslab.cli.check.CheckResult;
import io.nslab.cli.state.JournalEntry;
import io.nslab.cli.render.JunitReport;
import io.nslab.cli.render.LabView;
import io.nslab.cli.render.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.state.Journal;
import io.nslab.topology.model.Expect;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.ResolvedCheck;
import io.nslab.core.ProcessStamp;
import io.nslab.topology.plan.Steps;

/** The executor's pure parts: journal entries, judging checks, reports, what a Plan shows. */
class RunTest {
    @TempDir Path tmp;

    static Plan bridgePlan() {
        return PlanCompiler.compile(LabFiles.load(Path.of(System.getProperty("nslab.root", ".."), "labs/bridge.json")), false);
    }

    @Test
    void journalLinesSayHowToUndoAndReadBack() {
        Path file = tmp.resolve("journal");
        try (Journal j = Journal.append(file)) {
            JournalEntry.undo(1, new Steps.CreateNetns("lab")).ifPresent(e -> j.record(e.line()));
            JournalEntry.undo(2, new Steps.AddAddress("lab", "eth0", io.nslab.addr.Cidr.parse("10.0.0.1/24"))).ifPresent(e -> j.record(e.line()));
            j.record(new JournalEntry.Done(3, new Steps.RestoreSysctl("@current", "net.ipv4.tcp_rmem"), "4096\t131072\t6291456").line());
            JournalEntry.undo(4, new Steps.CreateVeth("@current", "nsl0", null, "lab-web", "eth0", null, 1500)).ifPresent(e -> j.record(e.line()));
            j.record(new JournalEntry.Absent(1).line());
            j.record(new JournalEntry.Started(JournalEntry.node("web"), new ProcessStamp(42, 4242L)).line());
        }
        assertEquals("undo\t1\tDeleteNetns\tlab", Journal.read(file).get(0), "one readable line per entry");
        List<JournalEntry> entries = JournalEntry.parse(Journal.read(file));
        assertEquals(List.of(
                new JournalEntry.Done(1, new Steps.DeleteNetns("lab"), null),
                // an address has nothing to undo: not journaled
                new JournalEntry.Done(3, new Steps.RestoreSysctl("@current", "net.ipv4.tcp_rmem"), "4096\t131072\t6291456"),
                new JournalEntry.Done(4, new Steps.DeleteLink("@current", "nsl0"), null),
                new JournalEntry.Absent(1),
                new JournalEntry.Started("node:web", new ProcessStamp(42, 4242L))), entries);
        // what another nslab wrote is skipped, not misread
        assertEquals(List.of(), JournalEntry.parse(List.of("{\"v\":99}", "undo\t5\tDeleteVolume\tx", "undo\tx\tDeleteNetns\tlab")));
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
