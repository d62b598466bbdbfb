package io.nslab.cli.check;

import io.nslab.cli.state.JournalEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.probe.ExecCheck;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.topology.LabParser;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.ResolvedCheck;

/**
 * The check command's side of exec checks: they go to {@link ExecCheck} (here with commands
 * run on this machine), come back in file order and are judged like every check; and
 * {@link NodeExec} finds the node's init in the lab's state or says why it cannot (running
 * commands in real nodes: the lessons, end to end, in the labs module).
 */
class ExecChecksTest {
    @TempDir Path tmp;

    /** Like the ipc lesson: a has a message queue, b sees none and cannot remove it. */
    static final String IPC = """
            { "name": "ipc", "nodes": { "a": { "run": "ipcmk -Q && exec sleep infinity" }, "b": {} },
              "checks": [
                { "from": "a", "exec": "ipcs -q", "expect": { "stdout_contains": "0x6e736c62" } },
                { "from": "b", "exec": "ipcs -q", "expect": { "stdout_lacks": "0x6e736c62" } },
                { "from": "b", "exec": [ "ipcrm", "-Q", "0x6e736c62" ], "expect": "fail" } ] }
            """;

    static Plan ipc() {
        return PlanCompiler.compile(LabParser.parse(IPC, "ipc.json"), false);
    }

    @Test
    void execChecksRunThroughTheLauncherAndAreJudgedInOrder() {
        List<ResolvedCheck> checks = ipc().checks();
        List<String> started = new ArrayList<>();
        // Stand-ins for the lesson's commands: a sees the queue, b does not, b cannot remove it.
        ExecCheck.Launcher here = (node, argv) -> {
            synchronized (started) {
                started.add(node + ": " + String.join(" ", argv));
            }
            String script = argv.get(0).equals("ipcrm") ? "echo 'ipcrm: invalid key' >&2; exit 1"
                    : node.equals("a") ? "echo '0x6e736c62 0 root 644 0 0'" : "echo 'key msqid owner'";
            return new ProcessBuilder("/bin/sh", "-c", script).start();
        };
        List<CheckResult> results = Checks.run(checks, here);
        assertEquals(3, results.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, results.get(i).check().index());
            assertTrue(results.get(i).passed(), results.get(i).line());
        }
        assertTrue(results.get(2).detail().startsWith("failed as expected (exit 1: ipcrm: invalid key"), results.get(2).detail());
        assertTrue(started.containsAll(List.of("a: /bin/sh -c ipcs -q", "b: /bin/sh -c ipcs -q", "b: ipcrm -Q 0x6e736c62")), started::toString);
    }

    @Test
    void aCommandThatDoesNotMeetItsExpectationFails() {
        List<ResolvedCheck> checks = ipc().checks().subList(1, 2);
        List<CheckResult> results = Checks.run(checks, (node, argv) -> new ProcessBuilder("/bin/echo", "0x6e736c62").start());
        // It was run again until its timeout, in case the lab was still converging.
        assertTrue(results.get(0).detail().equals("stdout contains 0x6e736c62 (stdout: 0x6e736c62) (retried for 2000 ms)"),
                results.get(0).detail());
        assertTrue(results.get(0).line().startsWith("FAIL"), results.get(0).line());
    }

    @Test
    void aCheckThatExpectsFailureFailsWhenItsCommandSucceedsOnceLate() throws Exception {
        // b's ipcrm fails twice (no queue yet), then works: within the timeout, so the check fails.
        ResolvedCheck mustFail = ipc().checks().get(2);
        assertTrue(mustFail.retry() && mustFail.expect().fail());
        Path runs = tmp.resolve("runs");
        CheckResult r = Checks.run(List.of(mustFail), (node, argv) -> new ProcessBuilder("/bin/sh", "-c",
                "echo run >> " + runs + "; [ $(wc -l < " + runs + ") -ge 3 ]").start()).get(0);
        assertFalse(r.passed(), r.line());
        assertEquals(3, Files.readAllLines(runs).size());
        assertTrue(r.detail().startsWith("expected to fail, but it worked (exit 0 (run 3))"), r.detail());
    }

    @Test
    void aCheckThatExpectsFailurePassesOnlyAfterItsWholeTimeout() {
        ResolvedCheck mustFail = ipc().checks().get(2);
        long start = System.nanoTime();
        CheckResult r = Checks.run(List.of(mustFail), (node, argv) -> new ProcessBuilder("/bin/false").start()).get(0);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.passed(), r.line());
        assertTrue(ms >= mustFail.timeoutMs() - 300, "it tried for its timeout: " + ms + " ms");
    }

    @Test
    void aCommandThatCannotRunFailsEvenACheckThatExpectsFailure() {
        ResolvedCheck mustFail = ipc().checks().get(2);
        CheckResult r = Checks.run(List.of(mustFail), (node, argv) -> { throw new IOException("node b has no init"); }).get(0);
        assertFalse(r.passed(), r.line());
        assertEquals("node b has no init", r.detail());
    }

    @Test
    void nodeExecFindsTheInitOrSaysWhyNot() throws Exception {
        Plan plan = ipc();
        StateDir state = new StateDir(tmp.resolve("ipc"));
        Files.createDirectories(state.nodesDir());
        NodeExec exec = new NodeExec(state, plan);
        IOException missing = assertThrows(IOException.class, () -> exec.start("a", List.of("true")));
        assertEquals("node a has no init process (nslab status ipc)", missing.getMessage());

        // A stamp of this JVM with another start time: the PID's process is not the node's init.
        try (Journal journal = Journal.append(state.journal())) {
            journal.record(new JournalEntry.Started(JournalEntry.node("a"), new ProcessStamp((int) ProcessHandle.current().pid(), 1)).line());
        }
        IOException gone = assertThrows(IOException.class, () -> exec.start("a", List.of("true")));
        assertTrue(gone.getMessage().startsWith("node a is not running (its init, PID "), gone.getMessage());
    }
}
