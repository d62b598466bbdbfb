package io.nslab.cli.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.nslab.topology.model.Expect;
import io.nslab.topology.plan.ResolvedCheck;

/**
 * The {@code exec} check: runs a command inside a node (all its namespaces, as
 * {@code nslab exec} does) and judges its exit status and standard output. Unlike the
 * network probes it starts a process, so it is made once per check, not in bulk.
 *
 * <p>Like every probe, the result says whether the command succeeded by its own measure
 * (exit status {@code exit}, 0 when not given; standard output holding {@code stdout_contains}
 * and not {@code stdout_lacks}); the check command turns that around for {@code "expect": "fail"}.
 * At the deadline the command and everything it started are killed.
 */
public final class ExecCheck {
    /** Output beyond this is not kept (a runaway command must not fill the JVM's memory). */
    static final int MAX_OUTPUT = 64 * 1024;
    /**
     * Commands run at once, in all: each is a process and three threads here (its wait and its
     * two pipes), mostly waiting, so a lab's checks run all together (a lab of 100 nodes with
     * 200 checks takes its slowest check plus about a second: bench/check.sh). The bound keeps
     * a lab of thousands of checks from starting thousands of processes at once.
     */
    static final int PARALLEL = 256;
    /**
     * Commands run at once in one node: its limits (pids, memory) hold for them all, and a check
     * that passes alone must not fail for sharing its node with 200 others.
     */
    static final int PER_NODE = 8;
    /** Between two runs of a check that retries: short, as a lab converges in seconds, and a process start costs a few ms. */
    static final Duration PAUSE = Duration.ofMillis(200);

    /** Starts {@code argv} inside node {@code node} of the running lab; the process's stdout and stderr must be pipes. */
    @FunctionalInterface
    public interface Launcher {
        Process start(String node, List<String> argv) throws IOException;
    }

    /** What the command did: its exit status (null when killed at the deadline) and its output. */
    public record Ran(Integer exit, String stdout, String stderr, Duration elapsed) {}

    /**
     * A check's outcome: the probe's result, and whether the command ran at all. One that
     * could not be started (its node has no running init) proves nothing, so even a check
     * that expects failure must not pass on it.
     */
    public record Verdict(ProbeResult result, boolean ran) {}

    private ExecCheck() {}

    /**
     * Runs every exec check, all at once within {@link #PARALLEL} in all and {@link #PER_NODE}
     * per node; the results are in the order of the checks. Checks of other probes are refused.
     * Each node's checks are taken in their order by up to {@code PER_NODE} lanes, and the
     * lanes of all nodes share one pool: a node with many checks never holds a thread that
     * another node's check could use.
     */
    public static List<Verdict> runAll(Launcher launcher, List<ResolvedCheck> checks) {
        return runAll(launcher, checks, PARALLEL, PER_NODE);
    }

    static List<Verdict> runAll(Launcher launcher, List<ResolvedCheck> checks, int parallel, int perNode) {
        for (ResolvedCheck c : checks) {
            if (!c.isExec()) throw new IllegalArgumentException("not an exec check: " + c.describe());
        }
        if (checks.isEmpty()) return List.of();
        Map<String, Queue<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) byNode.computeIfAbsent(checks.get(i).from(), n -> new ConcurrentLinkedQueue<>()).add(i);
        List<Queue<Integer>> lanes = new ArrayList<>();
        for (Queue<Integer> queue : byNode.values()) {
            for (int k = Math.min(perNode, queue.size()); k > 0; k--) lanes.add(queue);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, lanes.size()), r -> {
            Thread t = new Thread(r, "exec-check");
            t.setDaemon(true);
            return t;
        });
        Verdict[] verdicts = new Verdict[checks.size()];
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Queue<Integer> lane : lanes) {
                futures.add(pool.submit(() -> {
                    for (Integer i; (i = lane.poll()) != null; ) verdicts[i] = runOne(launcher, checks.get(i));
                }));
            }
            for (Future<?> f : futures) await(f);
        } finally {
            pool.shutdownNow();
        }
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : verdicts) out.add(v != null ? v : new Verdict(ProbeResult.fail(Duration.ZERO, "interrupted"), false));
        return out;
    }

    private static Verdict runOne(Launcher launcher, ResolvedCheck c) {
        try {
            return run(launcher, c.from(), c.argv(), c.expect(), Duration.ofMillis(c.timeoutMs()), c.retry());
        } catch (RuntimeException e) {
            return new Verdict(ProbeResult.fail(Duration.ZERO, String.valueOf(e.getMessage())), false);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // runOne turns every failure into a verdict; a lane cut short leaves its checks "interrupted"
        }
    }

    /** Runs the command once, within {@code timeout}. */
    public static Verdict run(Launcher launcher, String node, List<String> argv, Expect expect, Duration timeout) {
        return run(launcher, node, argv, expect, timeout, false);
    }

    /**
     * Runs the command, and with {@code retry} again after {@link #PAUSE} each time it fails,
     * until it passes or {@code timeout} (for all runs together) ends: a check that waits for
     * what a node's {@code run} makes (a queue, a file, a route) passes once it is there. A
     * command that cannot be started, or is still running at the deadline, ends the retrying.
     */
    public static Verdict run(Launcher launcher, String node, List<String> argv, Expect expect, Duration timeout, boolean retry) {
        if (!retry) return once(launcher, node, argv, expect, timeout).verdict();
        long start = System.nanoTime(), deadline = start + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            Attempt a = once(launcher, node, argv, expect, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            Verdict v = a.verdict();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            ProbeResult r = v.result();
            if (!v.ran()) return v;
            if (r.ok()) return new Verdict(ProbeResult.ok(elapsed, r.detail() + (attempt > 1 ? " (run " + attempt + ")" : "")), true);
            boolean killed = a.killed();
            if (killed || System.nanoTime() + PAUSE.toNanos() >= deadline) {
                // Not the number of runs: it varies from run to run, and a lesson shows this line.
                String why = killed && attempt == 1 ? ProbeResult.timeout(timeout).detail()
                        : (killed ? "still running at the deadline" : r.detail()) + (attempt == 1 ? "" : " (retried for " + timeout.toMillis() + " ms)");
                return new Verdict(ProbeResult.fail(elapsed, why), true);
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Verdict(ProbeResult.fail(elapsed, "interrupted"), true);
            }
        }
    }

    /** One run's verdict, and whether the command was killed at its deadline. */
    private record Attempt(Verdict verdict, boolean killed) {}

    private static Attempt once(Launcher launcher, String node, List<String> argv, Expect expect, Duration timeout) {
        Ran ran;
        try {
            ran = execute(() -> launcher.start(node, argv), timeout);
        } catch (IOException e) {
            // The launcher's message names the node and what is wrong with it.
            return new Attempt(new Verdict(ProbeResult.fail(Duration.ZERO, e.getMessage()), false), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(new Verdict(ProbeResult.fail(Duration.ZERO, "interrupted"), false), false);
        }
        if (ran.exit() == null) return new Attempt(new Verdict(ProbeResult.timeout(timeout), true), true);
        String why = judge(ran, expect);
        return new Attempt(new Verdict(why == null ? ProbeResult.ok(ran.elapsed(), "exit " + ran.exit() + outputTail(ran.stdout()))
                : ProbeResult.fail(ran.elapsed(), why), true), false);
    }

    /** Runs the command to its end or its deadline, reading both pipes as it goes (so a chatty command never blocks). */
    interface Start {
        Process start() throws IOException;
    }

    static Ran execute(Start command, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Process p = command.start();
        p.getOutputStream().close();
        Drain out = Drain.start(p.getInputStream(), "exec-stdout");
        Drain err = Drain.start(p.getErrorStream(), "exec-stderr");
        boolean ended = p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!ended) {
            kill(p);
            out.join(1000);
            err.join(1000);
            return new Ran(null, out.text(), err.text(), Duration.ofNanos(System.nanoTime() - start));
        }
        // Something the command left running in the background may still hold the pipes open;
        // its output is not waited for past the deadline.
        out.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        err.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        return new Ran(p.exitValue(), out.text(), err.text(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Kills the command and what it started, children first so none is left to be re-parented and live on. */
    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(1, TimeUnit.SECONDS);
    }

    /** Null when the command met the expectation, else why not, in one line. */
    static String judge(Ran ran, Expect expect) {
        int wanted = expect.exit() == null ? 0 : expect.exit();
        if (ran.exit() != wanted) {
            String err = firstLine(ran.stderr());
            return "exit " + ran.exit() + (wanted == 0 ? "" : ", expected " + wanted) + (err.isEmpty() ? "" : ": " + err);
        }
        if (expect.stdoutContains() != null && !ran.stdout().contains(expect.stdoutContains())) {
            return "stdout does not contain " + expect.stdoutContains() + " (stdout: " + shorten(ran.stdout()) + ")";
        }
        if (expect.stdoutLacks() != null && ran.stdout().contains(expect.stdoutLacks())) {
            return "stdout contains " + expect.stdoutLacks() + " (stdout: " + shorten(ran.stdout()) + ")";
        }
        return null;
    }

    private static String outputTail(String stdout) {
        String line = firstLine(stdout);
        return line.isEmpty() ? "" : ": " + line;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return shorten(nl < 0 ? t : t.substring(0, nl) + " ...");
    }

    private static String shorten(String s) {
        String one = s.strip().replace("\n", "\\n");
        return one.length() <= 200 ? one : one.substring(0, 200) + "...";
    }

    /** Reads a pipe to its end on a daemon thread, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        private Drain(InputStream in, String name) {
            super(name);
            this.in = in;
            setDaemon(true);
        }

        static Drain start(InputStream in, String name) {
            Drain d = new Drain(in, name);
            d.start();
            return d;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (kept) {
                        kept.write(buf, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
                    }
                }
            } catch (IOException e) {
                // The pipe was closed under us (the process was killed): keep what came.
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
