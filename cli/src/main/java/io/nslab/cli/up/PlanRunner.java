package io.nslab.cli.up;

import io.nslab.cli.print.Counted;

import io.nslab.cli.node.NodeRunner;

import io.nslab.cli.kernel.Cancellation;

import io.nslab.cli.kernel.KernelHandles;
import io.nslab.cli.print.Progress;
import io.nslab.cli.state.JournalEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.nslab.cli.state.Journal;
import io.nslab.cli.state.LabMark;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.route.Sysctl;
import io.nslab.netlink.socket.RequestFailed;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * Runs a Plan's steps against the kernel, each journaled before it runs: the order and the
 * parallelism; what one step does in the kernel is {@link StepApplier}'s, and each kind's
 * {@link Lane} says how it is run. Namespaces are made in one go; link changes go out in
 * per-namespace batches ({@link KernelHandles}); node inits start a few at a time in parallel, those that run nothing of their own as soon as their
 * namespaces exist, while the links are made. On the first failure it stops and throws: the
 * caller rolls back from the journal ({@link Undo}), which knows of every step that may have
 * happened.
 */
public final class PlanRunner {
    /** Node inits started at once: enough to hide each one's fork and readiness wait, few enough for 2 cores. */
    static final int NODE_START_THREADS = 4;

    private final Plan plan;
    private final Journal journal;
    private final Cancellation cancel;
    private final KernelHandles kernel = new KernelHandles();
    private final NodeRunner.Starts starts;
    private final StepApplier applier;
    private final AtomicInteger done = new AtomicInteger(), failedAt = new AtomicInteger();
    /** The step each thread is at, so a failure can name its step. */
    private final ThreadLocal<Integer> current = new ThreadLocal<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(NODE_START_THREADS, r -> {
        Thread t = new Thread(r, "nslab-node-start");
        t.setDaemon(true);
        return t;
    });
    /** Step numbers handled by {@link #startEarly}, and their starts. */
    private final Set<Integer> early = new HashSet<>();
    private final List<Future<?>> earlyStarts = new ArrayList<>();
    private volatile boolean stopStarting;
    /** The lab's mark (LabMark): on its namespaces, for the sweep. */
    private final String mark;
    private final Progress progress;
    private final StateDir state;

    public PlanRunner(Plan plan, StateDir state, Journal journal, NodeRunner nodes, Cancellation cancel) {
        this(plan, state, journal, nodes, cancel, Progress.none());
    }

    public PlanRunner(Plan plan, StateDir state, Journal journal, NodeRunner nodes, Cancellation cancel, Progress progress) {
        this.plan = plan;
        this.progress = progress;
        this.state = state;
        this.journal = journal;
        this.mark = LabMark.of(plan.lab()).text();
        this.starts = nodes.starts(mark);
        this.cancel = cancel;
        this.applier = new StepApplier(plan, state, journal, cancel, kernel, starts, mark);
    }

    /** Runs every step; returns the node inits started (node → stamp; absent for nodes without a process). */
    public Map<String, ProcessStamp> run() {
        try {
            return runSteps();
        } catch (RuntimeException e) {
            // A request in a batch names its own step: not the one whose turn sent the batch.
            if (e instanceof RequestFailed r && r.tag() > 0) failedAt.compareAndSet(0, r.tag());
            failed();
            throw e;
        } finally {
            // On a failure, nodes being started early finish first (and are journaled), so the
            // rollback that follows stops them; none that has not begun starts any more.
            stopStarting = true;
            for (Future<?> f : earlyStarts) await(f);
            pool.shutdownNow();
            starts.close();
            kernel.close();
        }
    }

    private Map<String, ProcessStamp> runSteps() {
        List<Step> steps = plan.steps();
        progress.start("up " + plan.lab(), Counted.totals(steps));
        for (int i = 0; i < steps.size(); ) {
            if (early.contains(i + 1)) {
                i++;
            } else if (Lane.of(steps.get(i)) == Lane.NAMESPACES) {
                int j = i;
                while (j < steps.size() && Lane.of(steps.get(j)) == Lane.NAMESPACES) j++;
                createNamespaces(i, j - i);
                startEarly();
                i = j;
            } else if (Lane.of(steps.get(i)) == Lane.NODES) {
                int j = i;
                List<Integer> group = new ArrayList<>();
                for (; j < steps.size() && Lane.of(steps.get(j)) == Lane.NODES; j++) if (!early.contains(j + 1)) group.add(j + 1);
                startNodes(group);
                awaitEarly();
                i = j;
            } else {
                runOne(i + 1, steps.get(i));
                i++;
            }
        }
        kernel.flush();
        awaitEarly();
        FaultSeam.at(FaultSeam.Point.BEFORE_STEP, steps.size() + 1, cancel); // everything is up, and up has not returned
        cancel.check();
        return applier.inits();
    }

    /** The step a failure happened at (the first, whatever thread it was on), or the last one started: for messages. */
    public int stepReached() {
        int f = failedAt.get();
        return f != 0 ? f : done.get();
    }

    private void before(int k) {
        current.set(k);
        FaultSeam.at(FaultSeam.Point.BEFORE_STEP, k, cancel);
        cancel.check();
        done.accumulateAndGet(k, Math::max);
    }

    /** Notes that the step this thread is at failed, unless another failed first. */
    private void failed() {
        Integer k = current.get();
        if (k != null) failedAt.compareAndSet(0, k);
    }

    /** Runs a step's work on a pool thread, noting its step when it fails. */
    private Future<?> submit(Runnable work) {
        return pool.submit(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                failed();
                throw e;
            }
        });
    }

    private void runOne(int k, Step step) {
        // Everything that is not a link change needs the changes queued before it done.
        if (Lane.of(step) != Lane.BATCHED) kernel.flush();
        before(k);
        journalUndo(k, step);
        FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
        applier.apply(k, step);
        progress.advance(Counted.of(step));
    }

    /**
     * Journals how to undo step {@code k}, before it runs. A step with nothing to undo (an
     * address, a route, a link set up) is not journaled: it goes with the link or namespace it
     * changed.
     */
    private void journalUndo(int k, Step step) {
        step.inverse().map(this::located)
                .ifPresent(inverse -> journal.record(new JournalEntry.Done(k, inverse, inverse.accept(oldValue)).line()));
    }

    /** The layers' undo with where they are: in the state directory, known here only (down reads it from the journal). */
    private Step located(Step inverse) {
        return inverse instanceof Steps.UnmountLayers ? new Steps.UnmountLayers(state.layers().toString()) : inverse;
    }

    /** What an inverse needs kept from before its step runs, or null: the machine's own sysctl value, so down can restore it. */
    private final Step.Visitor<String> oldValue = new Step.UndoVisitor<>() {
        public String restoreSysctl(Steps.RestoreSysctl s) { return Sysctl.get(kernel.netns(s.netns()), s.key()); }
        public String deleteCgroup(Steps.DeleteCgroup s) { return null; }
        public String deleteNetns(Steps.DeleteNetns s) { return null; }
        public String deleteLink(Steps.DeleteLink s) { return null; }
        public String deleteNatTable(Steps.DeleteNatTable s) { return null; }
        public String clearImpairment(Steps.ClearImpairment s) { return null; }
        public String stopNode(Steps.StopNode s) { return null; }
        public String stopServices(Steps.StopServices s) { return null; }
        public String unmountLayers(Steps.UnmountLayers s) { return null; }
    };

    /**
     * A run of CreateNetns steps: each journaled, then all created in one go. A test's fault or a
     * cancel part way still creates those journaled so far, so the journal never names a
     * namespace that might be made later. When the kernel refuses one (EEXIST: the name is
     * someone else's), every one not made is journaled as absent: undoing must not delete them.
     */
    private void createNamespaces(int firstIndex, int count) {
        kernel.flush();
        Map<Integer, Steps.CreateNetns> numbered = plan.numbered(Steps.CreateNetns.class);
        List<String> names = new ArrayList<>();
        RuntimeException stopped = null;
        for (int g = 0; g < count && stopped == null; g++) {
            int k = firstIndex + g + 1;
            try {
                before(k);
                journalUndo(k, numbered.get(k));
                names.add(numbered.get(k).name());
                FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
            } catch (RuntimeException e) {
                stopped = e;
            }
        }
        try {
            kernel.create(names, name -> !name.equals(plan.hostNetns()));
        } catch (KernelHandles.NotMade e) {
            if (stopped == null) current.set(firstIndex + names.indexOf(e.names().get(0)) + 1);
            for (String name : e.names()) journal.record(new JournalEntry.Absent(firstIndex + names.indexOf(name) + 1).line());
            throw stopped != null ? stopped : (RuntimeException) e.getCause();
        }
        progress.advance(Counted.NAMESPACES, names.size());
        // The mark that lets down find these namespaces, and know they are the lab's, without the state directory.
        for (String name : names) kernel.batch(name).tag(firstIndex + names.indexOf(name) + 1).setAlias("lo", mark);
        if (stopped != null) throw stopped;
    }

    /**
     * Nodes that run nothing of their own (no {@code run}) need only their namespaces to exist:
     * they start now, on the other core, while this thread makes the links, rather than after
     * everything else. A node with a {@code run} starts in plan order, once its network is
     * configured, for its program may use the network as soon as it starts.
     */
    private void startEarly() {
        Map<Integer, Steps.WriteHostsFile> hosts = plan.numbered(Steps.WriteHostsFile.class);
        if (hosts.isEmpty()) return;
        int hostsStep = hosts.keySet().iterator().next();
        boolean anyEarly = false;
        for (Map.Entry<Integer, Steps.StartNode> e : plan.numbered(Steps.StartNode.class).entrySet()) {
            Steps.StartNode s = e.getValue();
            if (!s.run().isEmpty()) continue;
            if (!anyEarly) { // the nodes copy the lab's hosts file: it comes first
                runAlone(hostsStep, hosts.get(hostsStep));
                early.add(hostsStep);
                anyEarly = true;
            }
            int startStep = e.getKey();
            early.add(startStep);
            earlyStarts.add(submit(() -> {
                if (!stopStarting) runAlone(startStep, s);
            }));
        }
    }

    /** A step run off this thread: journaled and passing the fault seam like any other, with no link change pending. */
    private void runAlone(int k, Step step) {
        before(k);
        journalUndo(k, step);
        FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
        applier.apply(k, step);
        progress.advance(Counted.of(step));
    }

    private void awaitEarly() {
        RuntimeException first = null;
        for (Future<?> f : earlyStarts) {
            RuntimeException e = await(f);
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }

    /** Waits for a start; returns its failure, or null. */
    private static RuntimeException await(Future<?> f) {
        try {
            f.get();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Cancellation.Cancelled();
        }
    }

    /** Starts these nodes (by step number), a few at a time: each journaled here, in order, before it starts. */
    private void startNodes(List<Integer> group) {
        kernel.flush();
        List<Step> steps = plan.steps();
        List<Future<?>> started = new ArrayList<>();
        RuntimeException first = null;
        for (int k : group) {
            Step step = steps.get(k - 1);
            try {
                before(k);
                journalUndo(k, step);
                FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
            } catch (RuntimeException e) {
                first = e;
                break;
            }
            started.add(submit(() -> {
                current.set(k);
                applier.apply(k, step);
                progress.advance(Counted.NODES);
            }));
        }
        for (Future<?> f : started) {
            RuntimeException e = await(f);
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }
}
