package io.nslab.cli.up;

import io.nslab.cli.state.NodeLayers;

import io.nslab.cli.node.NodeRunner;

import io.nslab.cli.kernel.Cancellation;

import io.nslab.cli.state.JournalEntry;
import io.nslab.cli.launch.Root;
import io.nslab.cli.print.Progress;
import io.nslab.cli.undo.Undo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.services.SupervisorException;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.LabCgroupDirs;
import io.nslab.cli.state.LabLock;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.sys.SysException;
import io.nslab.topology.model.Lab;
import io.nslab.topology.plan.MadeLink;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Steps;

/**
 * {@code nslab up}: takes the lab's lock, writes its state, runs its Plan, and on any failure
 * (a kernel error, SIGINT or SIGTERM, a test's FaultSeam) rolls back everything from the journal so
 * nothing is left. After SIGKILL, {@code down} does the same from the journal on disk.
 */
public final class LabUp {
    /** How a lab came up: its Plan, its node inits, how long it took. */
    public record Result(Plan plan, Map<String, ProcessStamp> inits, long millis) {}

    private final NodeRunner nodes;
    private final Progress progress;

    public LabUp(NodeRunner nodes) {
        this(nodes, Progress.none());
    }

    /** An up that shows how far it is on {@code progress} (erased before a failure is reported). */
    public LabUp(NodeRunner nodes, Progress progress) {
        this.nodes = nodes;
        this.progress = progress;
    }

    public Result up(Path file, boolean onHost) {
        Root.require("up");
        long t0 = System.nanoTime();
        Lab read = LabFiles.load(file);
        io.nslab.cli.rootless.Unsupported.refuse("up", read, onHost);
        Lab lab = io.nslab.cli.rootless.Unsupported.adapt(read, System.err::println);
        Plan plan = PlanCompiler.compile(lab, onHost, io.nslab.cli.launch.CgroupTree.missing().isEmpty());
        StateDir state = StateDir.of(lab.name());
        LabLock lock = LabLock.tryAcquire(state).orElseThrow(() -> NslabException.badInput(
                "nslab up: lab \"" + lab.name() + "\" is busy: another nslab is bringing it up or down right now"));
        try {
            if (Files.exists(state.plan()) || Files.exists(state.journal())) {
                throw NslabException.badInput("nslab up: lab \"" + lab.name() + "\" is already up (see: nslab status "
                        + lab.name() + "; remove it with: nslab down " + lab.name() + ")");
            }
            Optional<String> clash = clash(plan);
            if (clash.isPresent()) {
                state.remove();
                throw NslabException.badInput("nslab up: " + clash.get());
            }
            Map<String, ProcessStamp> inits = build(file, plan, state);
            return new Result(plan, inits, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            lock.close();
        }
    }

    private Map<String, ProcessStamp> build(Path file, Plan plan, StateDir state) {
        Cancellation cancel = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C or kill during up: stop at the next step and roll back (below) before the JVM exits.
        Thread onSignal = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nslab-up-interrupted");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            writeState(file, state);
            PlanRunner runner;
            try (Journal journal = Journal.append(state.journal())) {
                // plan.json is for the commands that come after up (status, check, ls; down needs
                // only the journal): written on a second core while this one builds the lab.
                FutureTask<Void> planWritten = new FutureTask<>(() -> writePlan(plan, state), null);
                Thread writer = new Thread(planWritten, "nslab-write-plan");
                writer.setDaemon(true);
                writer.start();
                runner = new PlanRunner(plan, state, journal, nodes, cancel, progress);
                try {
                    Map<String, ProcessStamp> inits = runner.run();
                    awaitPlan(planWritten);
                    return inits;
                } catch (RuntimeException e) {
                    progress.close(); // the rollback's messages, and the failure, on a clean line
                    awaitQuietly(planWritten); // its failure, if any, is not the one to report
                    NslabException failure = rollBack(plan, state, runner, e);
                    if (cancel.cancelled()) exitBySignal(failure, finished);
                    throw failure;
                }
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has what it waited for
            }
        }
    }

    /**
     * The JVM is exiting on a signal and halts as soon as the shutdown hook returns, before a
     * command could print anything: so say what happened here, then let the hook return.
     */
    private static void exitBySignal(NslabException failure, CountDownLatch finished) {
        System.err.println(failure.getMessage());
        System.err.flush();
        finished.countDown();
        try {
            Thread.sleep(10_000); // halted meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private NslabException rollBack(Plan plan, StateDir state, PlanRunner runner, RuntimeException cause) {
        List<String> problems = new Undo(JournalEntry.parse(Journal.read(state.journal())), nodes).run();
        String where = "step " + runner.stepReached() + "/" + plan.steps().size();
        String why = cause instanceof Cancellation.Cancelled ? "interrupted" : message(cause);
        String hint = OpenFilesHint.of(cause).orElse(null);
        if (hint != null) why = firstLine(why) + ": " + hint + rest(why);
        if (problems.isEmpty()) {
            state.remove();
            int code = cause instanceof NslabException ne ? ne.exitCode() : ExitCode.SYSTEM;
            return new NslabException(code, "nslab up: " + plan.lab() + ": " + where + ": " + firstLine(why) + " (rolled back, nothing left)"
                    + rest(why), cause);
        }
        return new NslabException(ExitCode.SYSTEM, "nslab up: " + plan.lab() + ": " + where + ": " + firstLine(why)
                + "; the rollback left " + problems.size() + " thing(s), first: " + problems.get(0)
                + " (try: nslab down " + plan.lab() + ")" + rest(why), cause);
    }

    /** A reason of several lines (what a failed run command wrote, after its first): what is said of the rollback goes after the first. */
    private static String firstLine(String why) {
        int nl = why.indexOf('\n');
        return nl < 0 ? why : why.substring(0, nl);
    }

    private static String rest(String why) {
        int nl = why.indexOf('\n');
        return nl < 0 ? "" : why.substring(nl);
    }

    private static String message(Throwable e) {
        if (e instanceof SysException || e instanceof StepFailure || e instanceof SupervisorException || e instanceof NslabException
                || e instanceof io.nslab.core.NodeException) {
            return e.getMessage();
        }
        return e.toString();
    }

    private static void writeState(Path file, StateDir state) {
        try {
            Files.createDirectories(state.nodesDir());
            Files.copy(file, state.labFileFor(file), StandardCopyOption.REPLACE_EXISTING);
            // What the copy's relative paths (a node's root, mounts, files) start from.
            Files.writeString(state.labBase(), file.toAbsolutePath().getParent().toString());
        } catch (IOException e) {
            state.remove();
            throw new UncheckedIOException("write the state of lab " + state.lab() + ": " + e.getMessage(), e);
        }
    }

    /**
     * plan.json, whole or not at all (a reader never sees half of it); the lab's cgroup
     * directories before it, so a lab whose plan is there has them too (the launcher's exec).
     */
    private static void writePlan(Plan plan, StateDir state) {
        Path partial = state.plan().resolveSibling(state.plan().getFileName() + ".partial");
        LabCgroupDirs.write(state);
        try {
            Files.writeString(partial, plan.toJson());
            Files.move(partial, state.plan(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + state.plan() + ": " + e.getMessage(), e);
        }
    }

    private static void awaitPlan(FutureTask<Void> planWritten) {
        try {
            planWritten.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.Cancelled();
        }
    }

    private static void awaitQuietly(FutureTask<Void> planWritten) {
        try {
            awaitPlan(planWritten);
        } catch (RuntimeException ignored) {
            // the caller reports another failure
        }
    }

    /**
     * Names the lab would create that are taken already. Inside the lab's own namespaces
     * nothing can clash; the namespaces' names, and with {@code --on-host} the links and
     * the NAT table in the machine's namespace, can: then up must refuse before it starts,
     * for its rollback would delete what is not the lab's.
     */
    static Optional<String> clash(Plan plan) {
        for (Steps.CreateNetns c : plan.steps(Steps.CreateNetns.class)) {
            if (Files.exists(NetNs.RUN_NETNS.resolve(c.name()))) {
                return Optional.of("a network namespace named \"" + c.name() + "\" exists already (ip netns list); "
                        + "is lab \"" + plan.lab() + "\" up under another state directory, or is it someone else's?");
            }
        }
        if (!plan.onHost()) return Optional.empty();
        try (NetNs current = NetNs.current(); Rtnetlink rt = Rtnetlink.open(current)) {
            for (MadeLink link : plan.links()) {
                if (NetnsName.isCurrent(link.netns()) && rt.link(link.name()) != null) {
                    return Optional.of("this machine already has an interface named \"" + link.name() + "\" (needed by --on-host)");
                }
            }
            try (var nft = io.nslab.netlink.nft.NfTables.open(current)) {
                if (nft.hasTable(plan.natTable())) return Optional.of("this machine already has the nf_tables table inet " + plan.natTable());
            }
        }
        return Optional.empty();
    }
}
