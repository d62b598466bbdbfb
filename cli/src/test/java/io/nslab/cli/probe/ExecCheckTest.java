package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.topology.model.Expect;
import io.nslab.topology.plan.ResolvedCheck;

/**
 * The exec check's judging, output capture and deadline, with commands run on this machine
 * (harmless ones: echo, sleep); running them inside a node is the launcher's business.
 */
class ExecCheckTest {
    static final ExecCheck.Launcher HERE = (node, argv) -> new ProcessBuilder(argv).start();
    static final Duration SECONDS = Duration.ofSeconds(5);

    static ProbeResult sh(String script, Expect expect, Duration timeout) {
        return ExecCheck.run(HERE, "box", List.of("/bin/sh", "-c", script), expect, timeout).result();
    }

    @Test
    void passesOnExitZeroAndTheWantedOutput() {
        ProbeResult r = sh("echo web", Expect.exec(0, "web", "db"), SECONDS);
        assertTrue(r.ok(), r::toString);
        assertEquals("exit 0: web", r.detail());
        assertTrue(sh("true", Expect.OK, SECONDS).ok());
        assertTrue(sh("exit 3", Expect.exec(3, null, null), SECONDS).ok());
    }

    @Test
    void saysWhyItFailed() {
        assertEquals("exit 1: no such thing", sh("echo no such thing >&2; exit 1", Expect.OK, SECONDS).detail());
        assertEquals("exit 0, expected 3", sh("true", Expect.exec(3, null, null), SECONDS).detail());
        assertEquals("stdout does not contain web (stdout: db)", sh("echo db", Expect.exec(null, "web", null), SECONDS).detail());
        assertEquals("stdout contains 0x6e (stdout: key 0x6e\\nend)", sh("echo key 0x6e; echo end", Expect.exec(null, null, "0x6e"), SECONDS).detail());
        // "expect": "fail" is the check command's to turn around: the probe reports the command failed.
        assertFalse(sh("exit 1", Expect.FAIL, SECONDS).ok());
        assertTrue(sh("true", Expect.FAIL, SECONDS).ok());
    }

    /** A command that fails until its {@code n}-th run, counting its runs in {@code dir}/runs. */
    static List<String> passesOnRun(Path dir, int n) {
        return List.of("/bin/sh", "-c", "echo run >> " + dir.resolve("runs") + "; [ $(wc -l < " + dir.resolve("runs") + ") -ge " + n + " ]");
    }

    static long runs(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("runs")).size();
    }

    @Test
    void aCheckThatFailsTwiceThenPassesPasses(@TempDir Path dir) throws Exception {
        ExecCheck.Verdict v = ExecCheck.run(HERE, "box", passesOnRun(dir, 3), Expect.OK, SECONDS, true);
        assertTrue(v.result().ok(), v.result()::toString);
        assertEquals(3, runs(dir));
        assertEquals("exit 0 (run 3)", v.result().detail());
        assertTrue(v.result().elapsed().compareTo(ExecCheck.PAUSE.multipliedBy(2)) >= 0, v.result()::toString);
    }

    @Test
    void aCheckThatNeverPassesRunsUntilItsTimeout(@TempDir Path dir) throws Exception {
        ExecCheck.Verdict v = ExecCheck.run(HERE, "box", passesOnRun(dir, 1000), Expect.OK, Duration.ofMillis(1000), true);
        assertFalse(v.result().ok());
        assertTrue(runs(dir) >= 3 && runs(dir) <= 6, runs(dir) + " runs");
        assertEquals("exit 1 (retried for 1000 ms)", v.result().detail());
    }

    @Test
    void retryFalseRunsTheCommandOnce(@TempDir Path dir) throws Exception {
        ExecCheck.Verdict v = ExecCheck.run(HERE, "box", passesOnRun(dir, 2), Expect.OK, SECONDS, false);
        assertFalse(v.result().ok());
        assertEquals(1, runs(dir));
        assertEquals("exit 1", v.result().detail());
    }

    @Test
    void aCommandKilledAtTheDeadlineIsNotRunAgain(@TempDir Path dir) throws Exception {
        ExecCheck.Verdict v = ExecCheck.run(HERE, "box", List.of("/bin/sh", "-c", "echo run >> " + dir.resolve("runs") + "; sleep 30"),
                Expect.OK, Duration.ofMillis(400), true);
        assertEquals("timeout after 400 ms", v.result().detail());
        assertEquals(1, runs(dir));
    }

    @Test
    void aCommandThatCannotStartFails() {
        ExecCheck.Verdict v = ExecCheck.run(HERE, "box", List.of("/nonexistent/nslab-cmd"), Expect.OK, SECONDS);
        assertFalse(v.ran());
        ProbeResult r = v.result();
        assertFalse(r.ok());
        assertTrue(r.detail().startsWith("Cannot run program \"/nonexistent/nslab-cmd\""), r.detail());
    }

    @Test
    void killsTheCommandAndWhatItStartedAtTheDeadline() throws Exception {
        long start = System.nanoTime();
        ExecCheck.Ran ran = ExecCheck.execute(() -> new ProcessBuilder("/bin/sh", "-c", "sleep 30 & echo $!; wait").start(), Duration.ofMillis(400));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertNull(ran.exit());
        assertTrue(ms < 3000, "took " + ms + " ms");
        long child = Long.parseLong(ran.stdout().strip());
        for (int i = 0; i < 40 && running(child); i++) Thread.sleep(50);
        assertFalse(running(child), "the background sleep " + child + " outlived the deadline");
        assertEquals("timeout after 400 ms", sh("sleep 30", Expect.OK, Duration.ofMillis(400)).detail());
    }

    @Test
    void keepsOnlyTheFirstBytesOfAFloodButReadsItAll() throws Exception {
        ExecCheck.Ran ran = ExecCheck.execute(() -> new ProcessBuilder("/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x; echo done >&2").start(), SECONDS);
        assertEquals(0, ran.exit());
        assertEquals(ExecCheck.MAX_OUTPUT, ran.stdout().length());
        assertEquals("done\n", ran.stderr());
    }

    @Test
    void runsManyAtOnceAndKeepsTheirOrder() {
        List<ResolvedCheck> checks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            checks.add(new ResolvedCheck(i, "n" + i, "lab-n" + i, "exec", "", null, 0, null, Expect.exec(null, "n" + i, null), 5000,
                    List.of("/bin/sh", "-c", "sleep 0.3; echo $0", "n" + i)));
        }
        // Each command prints its node's name: the launcher passes it as $0.
        ExecCheck.Launcher named = (node, argv) -> new ProcessBuilder(argv.get(0), argv.get(1), argv.get(2), node).start();
        long start = System.nanoTime();
        List<ProbeResult> results = ExecCheck.runAll(named, checks).stream().map(ExecCheck.Verdict::result).toList();
        long ms = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < 12; i++) assertEquals("exit 0: n" + i, results.get(i).detail());
        assertTrue(ms < 12 * 300, "ran one at a time: " + ms + " ms");
        assertThrows(IllegalArgumentException.class, () -> ExecCheck.runAll(named,
                List.of(new ResolvedCheck(0, "a", "l-a", "ping", "b", "10.0.0.2", 0, null, Expect.OK, 2000))));
    }

    @Test
    void runsEveryNodesChecksTogetherWithinTheBounds(@TempDir Path dir) throws Exception {
        // 20 checks from node a, 3 from b, 30 from nodes of one check each: each command writes
        // "+ NODE" when it starts and "- NODE" before it ends, and waits for the file GO, which
        // is made once every command that may run at once has started.
        List<ResolvedCheck> checks = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            String node = i < 20 ? "a" : i < 23 ? "b" : "n" + i;
            checks.add(new ResolvedCheck(i, node, "lab-" + node, "exec", "", null, 0, null, Expect.exec(null, "ok", null), 30_000,
                    List.of("/bin/sh", "-c", "echo \"+ $0\" >> log; while [ ! -e GO ]; do sleep 0.05; done; echo \"- $0\" >> log; echo ok")));
        }
        ExecCheck.Launcher inDir = (node, argv) -> new ProcessBuilder(argv.get(0), argv.get(1), argv.get(2), node).directory(dir.toFile()).start();
        var results = CompletableFuture.supplyAsync(() -> ExecCheck.runAll(inDir, checks));
        Path log = dir.resolve("log");
        // All 30 single checks, 3 of b and 8 of a (PER_NODE) start before any ends: not 8 in all, as before.
        for (int i = 0; i < 600 && started(log) < 30 + 3 + ExecCheck.PER_NODE; i++) Thread.sleep(50);
        assertEquals(30 + 3 + ExecCheck.PER_NODE, started(log));
        Files.createFile(dir.resolve("GO"));
        List<ExecCheck.Verdict> verdicts = results.get(60, TimeUnit.SECONDS);
        for (int i = 0; i < checks.size(); i++) assertEquals("exit 0: ok", verdicts.get(i).result().detail(), "check " + i);
        Map<String, Integer> most = mostAtOnce(Files.readAllLines(log));
        assertEquals(ExecCheck.PER_NODE, most.get("a"));
        assertEquals(3, most.get("b"));
        assertEquals(30 + 3 + ExecCheck.PER_NODE, most.get("*"));
    }

    @Test
    void noMoreThanTheBoundInAll(@TempDir Path dir) throws Exception {
        List<ResolvedCheck> checks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            checks.add(new ResolvedCheck(i, "n" + i, "lab-n" + i, "exec", "", null, 0, null, Expect.OK, 30_000,
                    List.of("/bin/sh", "-c", "echo \"+ $0\" >> log; sleep 0.2; echo \"- $0\" >> log")));
        }
        ExecCheck.Launcher inDir = (node, argv) -> new ProcessBuilder(argv.get(0), argv.get(1), argv.get(2), node).directory(dir.toFile()).start();
        assertTrue(ExecCheck.runAll(inDir, checks, 5, 8).stream().allMatch(v -> v.result().ok()));
        int most = mostAtOnce(Files.readAllLines(dir.resolve("log"))).get("*");
        assertTrue(most <= 5 && most > 1, "at most 5 at once: " + most);
    }

    private static long started(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith("+")).count() : 0;
    }

    /** The most commands running at once, per node and in all ("*"), replaying "+ NODE" and "- NODE" lines. */
    private static Map<String, Integer> mostAtOnce(List<String> lines) {
        Map<String, Integer> now = new HashMap<>(), most = new HashMap<>();
        for (String line : lines) {
            int d = line.startsWith("+") ? 1 : -1;
            for (String key : List.of(line.substring(2), "*")) {
                now.merge(key, d, Integer::sum);
                most.merge(key, now.get(key), Math::max);
            }
        }
        return most;
    }

    /** Alive and not a zombie waiting for its (new) parent to reap it. */
    static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) return false;
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
