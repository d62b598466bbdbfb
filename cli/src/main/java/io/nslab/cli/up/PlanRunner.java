package io.nslab.cli.up;

import io.nslab.cli.kernel.KernelHandles;
import io.nslab.cli.undo.JournalEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.nslab.cli.services.ServiceSpec;
import io.nslab.cli.services.ServiceSpecs;
import io.nslab.cli.services.ServiceType;
import io.nslab.cli.services.Supervisor;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.LabMark;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.nft.Dnat;
import io.nslab.netlink.nft.Masquerade;
import io.nslab.netlink.nft.NatTable;
import io.nslab.netlink.nft.NfTables;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Sysctl;
import io.nslab.netlink.socket.RequestFailed;
import io.nslab.topology.plan.Netns;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * Runs a Plan's steps against the kernel, each journaled before it runs. Namespaces are made
 * in one go; link changes go out in per-namespace batches ({@link KernelHandles}); node inits
 * start a few at a time in parallel, those that run nothing of their own as soon as their
 * namespaces exist, while the links are made. On the first failure it stops and throws: the
 * caller rolls back from the journal ({@link Undo}), which knows of every step that may have
 * happened.
 */
public final class PlanRunner {
    /** Node inits started at once: enough to hide each one's fork and readiness wait, few enough for 2 cores. */
    static final int NODE_START_THREADS = 4;

    private final Plan plan;
    private final StateDir state;
    private final Journal journal;
    private final Cancellation cancel;
    private final KernelHandles kernel = new KernelHandles();
    private final NodeRunner.Starts starts;
    private final Map<String, ProcessStamp> inits = new LinkedHashMap<>();
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
    /** The lab's mark (LabMark): on its namespaces, bridges, NAT table and supervisor, for the sweep. */
    private final String mark;
    private final LabCgroups cgroups;
    /** Node → the line only its copy of the lab's hosts file has (its own hostname). */
    private final Map<String, String> ownHostsLines;

    public PlanRunner(Plan plan, StateDir state, Journal journal, NodeRunner nodes, Cancellation cancel) {
        this.plan = plan;
        this.state = state;
        this.journal = journal;
        this.mark = LabMark.of(plan.lab()).text();
        this.starts = nodes.starts(mark);
        this.cancel = cancel;
        this.cgroups = new LabCgroups(mark);
        Map<String, String> lines = Map.of();
        for (Step s : plan.steps()) if (s instanceof Steps.WriteHostsFile w) lines = w.ownLines();
        this.ownHostsLines = lines;
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
        for (int i = 0; i < steps.size(); ) {
            if (early.contains(i + 1)) {
                i++;
            } else if (steps.get(i) instanceof Steps.CreateNetns) {
                int j = i;
                while (j < steps.size() && steps.get(j) instanceof Steps.CreateNetns) j++;
                createNamespaces(i, steps.subList(i, j));
                startEarly(steps);
                i = j;
            } else if (steps.get(i) instanceof Steps.StartNode) {
                int j = i;
                List<Integer> group = new ArrayList<>();
                for (; j < steps.size() && steps.get(j) instanceof Steps.StartNode; j++) if (!early.contains(j + 1)) group.add(j + 1);
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
        return inits;
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
        boolean link = step instanceof Steps.LinkUp || step instanceof Steps.CreateBridge || step instanceof Steps.CreateVeth
                || step instanceof Steps.SetMaster || step instanceof Steps.AddAddress || step instanceof Steps.AddRoute;
        if (!link) kernel.flush();
        before(k);
        if (step instanceof Steps.SetSysctl s && Netns.isCurrent(s.netns())) {
            // The machine's own setting: keep the old value in the journal, so down can restore it.
            journal.record(JournalEntry.restore(k, s, Sysctl.get(kernel.netns(s.netns()), s.key())).line());
        } else if (step instanceof Steps.MountLayers) {
            // Where they are is the state directory's: the journal says it, for down.
            journal.record(new JournalEntry.Done(k, new Steps.UnmountLayers(state.layers().toString()), null).line());
        } else {
            // A step with nothing to undo (an address, a route, a link set up) is not journaled:
            // it goes with the link or namespace it changed.
            JournalEntry.undo(k, step).ifPresent(e -> journal.record(e.line()));
        }
        FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
        apply(k, step);
    }

    /**
     * A run of CreateNetns steps: each journaled, then all created in one go. A test's fault or a
     * cancel part way still creates those journaled so far, so the journal never names a
     * namespace that might be made later. When the kernel refuses one (EEXIST: the name is
     * someone else's), every one not made is journaled as absent: undoing must not delete them.
     */
    private void createNamespaces(int firstIndex, List<Step> group) {
        kernel.flush();
        List<String> names = new ArrayList<>();
        RuntimeException stopped = null;
        for (int g = 0; g < group.size() && stopped == null; g++) {
            int k = firstIndex + g + 1;
            try {
                before(k);
                JournalEntry.undo(k, group.get(g)).ifPresent(e -> journal.record(e.line()));
                names.add(((Steps.CreateNetns) group.get(g)).name());
                FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
            } catch (RuntimeException e) {
                stopped = e;
            }
        }
        try {
            kernel.create(names);
        } catch (KernelHandles.NotMade e) {
            if (stopped == null) current.set(firstIndex + names.indexOf(e.names().get(0)) + 1);
            for (String name : e.names()) journal.record(new JournalEntry.Absent(firstIndex + names.indexOf(name) + 1).line());
            throw stopped != null ? stopped : (RuntimeException) e.getCause();
        }
        // The mark that lets down find these namespaces, and know they are the lab's, without the state directory.
        for (String name : names) kernel.batch(name).tag(firstIndex + names.indexOf(name) + 1).setAlias("lo", mark);
        if (stopped != null) throw stopped;
    }

    private void apply(int k, Step step) {
        if (step instanceof Steps.LinkUp s) {
            kernel.batch(s.netns()).tag(k).setUp(s.ifname());
        } else if (step instanceof Steps.CreateBridge s) {
            // Marked like the lab's namespaces: with --on-host a bridge lives in the machine's
            // namespace, where only its own mark lets a sweep know it for the lab's.
            var batch = kernel.batch(s.netns()).tag(k);
            batch.createBridge(s.name(), s.mtu());
            batch.setAlias(s.name(), mark);
        } else if (step instanceof Steps.CreateVeth s) {
            NetNs peer = kernel.netns(s.peerNetns());
            var batch = kernel.batch(s.netns()).tag(k);
            batch.createVeth(s.name(), s.peerName(), peer, s.mtu(), s.peerMac());
            if (s.mac() != null) batch.setMac(s.name(), s.mac());
        } else if (step instanceof Steps.SetMaster s) {
            kernel.batch(s.netns()).tag(k).setMaster(s.ifname(), s.master());
        } else if (step instanceof Steps.AddAddress s) {
            kernel.batch(s.netns()).tag(k).addAddress(s.ifname(), s.cidr());
        } else if (step instanceof Steps.AddRoute s) {
            kernel.batch(s.netns()).tag(k).addRoute(s.to(), s.via(), null);
        } else if (step instanceof Steps.SetSysctl s) {
            Sysctl.set(kernel.netns(s.netns()), s.key(), s.value());
        } else if (step instanceof Steps.InstallNat s) {
            try (NfTables nft = NfTables.open(kernel.netns(s.netns()))) {
                nft.applyNat(new NatTable(s.table(),
                        s.masquerades().stream().map(m -> new Masquerade(m.source(), m.exceptOutIf())).toList(),
                        s.dnats().stream().map(d -> new Dnat(d.proto(), d.port(), d.toAddress(), d.toPort())).toList(),
                        mark)); // the table's comment: its mark, as a bridge's alias
            }
        } else if (step instanceof Steps.CreateCgroup s) {
            cgroups.create(k, s, journal);
        } else if (step instanceof Steps.WriteHostsFile s) {
            writeHostsFile(s);
        } else if (step instanceof Steps.MountLayers) {
            NodeLayers.mount(state.layers());
        } else if (step instanceof Steps.StartNode s) {
            startNode(k, s);
        } else if (step instanceof Steps.StartServices s) {
            startServices(s);
        } else if (step instanceof Steps.ImpairEgress s) {
            impair(s);
        } else {
            throw new StepFailure(k, "step " + k + " (" + step.getClass().getSimpleName() + ") is not a step up runs");
        }
    }

    private void writeHostsFile(Steps.WriteHostsFile s) {
        try {
            Files.writeString(state.hosts(), s.hosts());
        } catch (IOException e) {
            throw new UncheckedIOException("write " + state.hosts() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Nodes that run nothing of their own (no {@code run}) need only their namespaces to exist:
     * they start now, on the other core, while this thread makes the links, rather than after
     * everything else. A node with a {@code run} starts in plan order, once its network is
     * configured, for its program may use the network as soon as it starts.
     */
    private void startEarly(List<Step> steps) {
        int hostsStep = 0;
        for (int i = 0; i < steps.size() && hostsStep == 0; i++) if (steps.get(i) instanceof Steps.WriteHostsFile) hostsStep = i + 1;
        if (hostsStep == 0) return;
        boolean anyEarly = false;
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof Steps.StartNode s) || !s.run().isEmpty()) continue;
            if (!anyEarly) { // the nodes copy the lab's hosts file: it comes first
                runAlone(hostsStep, steps.get(hostsStep - 1));
                early.add(hostsStep);
                anyEarly = true;
            }
            int startStep = i + 1;
            early.add(startStep);
            earlyStarts.add(submit(() -> {
                if (!stopStarting) runAlone(startStep, s);
            }));
        }
    }

    /** A step run off this thread: journaled and passing the fault seam like any other, with no link change pending. */
    private void runAlone(int k, Step step) {
        before(k);
        JournalEntry.undo(k, step).ifPresent(e -> journal.record(e.line()));
        FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
        apply(k, step);
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
                JournalEntry.undo(k, step).ifPresent(e -> journal.record(e.line()));
                FaultSeam.at(FaultSeam.Point.JOURNALED, k, cancel);
            } catch (RuntimeException e) {
                first = e;
                break;
            }
            started.add(submit(() -> {
                current.set(k);
                apply(k, step);
            }));
        }
        for (Future<?> f : started) {
            RuntimeException e = await(f);
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }

    private void startNode(int k, Steps.StartNode s) {
        // Only a node with a program of its own has output to keep; the init itself reports on a pipe.
        NodeRunner.NodeFiles files = new NodeRunner.NodeFiles(state.hosts(), ownHostsLines.get(s.node()),
                s.run().isEmpty() ? null : state.nodeLog(s.node()), cgroups.dirs(s.cgroup()), state.layers());
        ProcessStamp init = starts.start(plan.lab(), s, files);
        if (init == null) return;
        FaultSeam.at(FaultSeam.Point.NODE_STARTED, k, cancel);
        journal.record(new JournalEntry.Started(JournalEntry.node(s.node()), init).line());
        synchronized (inits) {
            inits.put(s.node(), init);
        }
    }

    /** An impaired egress: its qdiscs (or delay line's tap and filter), and its row in the impair file for status and the supervisor. */
    private void impair(Steps.ImpairEgress s) {
        io.nslab.cli.impair.ImpairState.Row row = io.nslab.cli.impair.LiveImpair.apply(kernel.netns(s.netns()), kernel.rtnetlink(s.netns()),
                s.netns(), s.ifname(), s.endpoint(), s.direction(), s.impairment(), mark);
        var rows = io.nslab.cli.impair.ImpairState.read(state.impair());
        io.nslab.cli.impair.ImpairState.write(state.impair(), io.nslab.cli.impair.ImpairState.with(rows, row));
    }

    private void startServices(Steps.StartServices s) {
        if (s.services().isEmpty() && io.nslab.cli.impair.ImpairState.read(state.impair()).stream().noneMatch(r -> r.delayLine())) {
            return; // no services, and the kernel's netem makes the delays: nothing for a supervisor to do
        }
        Map<String, String> hostnames = new LinkedHashMap<>();
        for (PlanNode n : plan.nodes()) hostnames.put(n.name(), n.hostname());
        List<ServiceSpec> specs = new ArrayList<>();
        for (var spec : s.services()) {
            specs.add(new ServiceSpec(spec.node(), hostnames.get(spec.node()), Netns.path(spec.netns()), ServiceType.of(spec.type()), spec.port()));
        }
        try {
            ServiceSpecs.write(state.servicesSpec(), specs);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + state.servicesSpec() + ": " + e.getMessage(), e);
        }
        Supervisor.start(state.servicesSpec(), state.supervisorLog(), Map.of(LabMark.ENV, mark), (ProcessStamp p) -> {
            journal.record(new JournalEntry.Started(JournalEntry.SUPERVISOR, p).line());
            p.write(state.supervisorPid());
        });
    }
}
