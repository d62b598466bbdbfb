package io.nslab.cli.up;

import io.nslab.cli.state.NodeLayers;

import io.nslab.cli.node.NodeRunner;

import io.nslab.cli.kernel.Cancellation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.cli.impair.ImpairState;
import io.nslab.cli.impair.LiveImpair;
import io.nslab.cli.kernel.KernelHandles;
import io.nslab.cli.services.ServiceBinding;
import io.nslab.cli.services.ServiceBindings;
import io.nslab.cli.services.ServiceType;
import io.nslab.cli.services.Supervisor;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.LabMark;
import io.nslab.cli.state.StateDir;
import io.nslab.cli.state.JournalEntry;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.nft.Dnat;
import io.nslab.netlink.nft.Masquerade;
import io.nslab.netlink.nft.NatTable;
import io.nslab.netlink.nft.NfTables;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Sysctl;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * Turns one forward step into its kernel calls: link changes queued in their namespace's batch
 * ({@link KernelHandles}), the rest made at once. What it starts (node inits, the supervisor)
 * it journals as soon as the process exists. The order, the parallelism and journaling each
 * step before it runs are {@link PlanRunner}'s.
 */
final class StepApplier {
    private final Plan plan;
    private final StateDir state;
    private final Journal journal;
    private final Cancellation cancel;
    private final KernelHandles kernel;
    private final NodeRunner.Starts starts;
    /** The lab's mark (LabMark): on its namespaces, bridges, NAT table and supervisor, for the sweep. */
    private final String mark;
    private final LabCgroups cgroups;
    /** Node → the line only its copy of the lab's hosts file has (its own hostname). */
    private final Map<String, String> ownHostsLines;
    private final Map<String, ProcessStamp> inits = new LinkedHashMap<>();

    StepApplier(Plan plan, StateDir state, Journal journal, Cancellation cancel, KernelHandles kernel, NodeRunner.Starts starts,
                String mark) {
        this.plan = plan;
        this.state = state;
        this.journal = journal;
        this.cancel = cancel;
        this.kernel = kernel;
        this.starts = starts;
        this.mark = mark;
        this.cgroups = new LabCgroups(mark);
        List<Steps.WriteHostsFile> hosts = plan.steps(Steps.WriteHostsFile.class);
        this.ownHostsLines = hosts.isEmpty() ? Map.of() : hosts.get(hosts.size() - 1).ownLines();
    }

    /** The node inits started so far (node → stamp). */
    Map<String, ProcessStamp> inits() {
        synchronized (inits) {
            return new LinkedHashMap<>(inits);
        }
    }

    /** The namespace of a step, open: for the journal's copy of a machine's sysctl before it changes. */
    NetNs netns(String name) { return kernel.netns(name); }

    /** Applies step {@code k} (numbered from 1, for batch tags, seams and messages). */
    void apply(int k, Step step) {
        step.accept(new Apply(k));
    }

    private final class Apply extends Step.ForwardVisitor<Void> {
        private final int k;

        Apply(int k) { this.k = k; }

        public Void linkUp(Steps.LinkUp s) {
            kernel.batch(s.netns()).tag(k).setUp(s.ifname());
            return null;
        }

        public Void createBridge(Steps.CreateBridge s) {
            // Marked like the lab's namespaces: with --on-host a bridge lives in the machine's
            // namespace, where only its own mark lets a sweep know it for the lab's.
            var batch = kernel.batch(s.netns()).tag(k);
            batch.createBridge(s.name(), s.mtu());
            batch.setAlias(s.name(), mark);
            return null;
        }

        public Void createVeth(Steps.CreateVeth s) {
            NetNs peer = kernel.netns(s.peerNetns());
            var batch = kernel.batch(s.netns()).tag(k);
            batch.createVeth(s.name(), s.peerName(), peer, s.mtu(), s.peerMac());
            if (s.mac() != null) batch.setMac(s.name(), s.mac());
            return null;
        }

        public Void setMaster(Steps.SetMaster s) {
            kernel.batch(s.netns()).tag(k).setMaster(s.ifname(), s.master());
            return null;
        }

        public Void addAddress(Steps.AddAddress s) {
            kernel.batch(s.netns()).tag(k).addAddress(s.ifname(), s.cidr());
            return null;
        }

        public Void addRoute(Steps.AddRoute s) {
            kernel.batch(s.netns()).tag(k).addRoute(s.to(), s.via(), null);
            return null;
        }

        public Void setSysctl(Steps.SetSysctl s) {
            Sysctl.set(kernel.netns(s.netns()), s.key(), s.value());
            return null;
        }

        public Void installNat(Steps.InstallNat s) {
            try (NfTables nft = NfTables.open(kernel.netns(s.netns()))) {
                nft.applyNat(new NatTable(s.table(),
                        s.masquerades().stream().map(m -> new Masquerade(m.source(), m.exceptOutIf())).toList(),
                        s.dnats().stream().map(d -> new Dnat(d.proto(), d.port(), d.toAddress(), d.toPort())).toList(),
                        mark)); // the table's comment: its mark, as a bridge's alias
            }
            return null;
        }

        public Void createCgroup(Steps.CreateCgroup s) {
            cgroups.create(k, s, journal);
            return null;
        }

        public Void createNetns(Steps.CreateNetns s) {
            // PlanRunner makes a run of namespaces in one go, never one by one
            throw new StepFailure(k, "step " + k + " (CreateNetns) is made with its run of namespaces");
        }

        public Void writeHostsFile(Steps.WriteHostsFile s) {
            try {
                Files.createDirectories(state.hosts().getParent());
                Files.writeString(state.hosts(), s.hosts());
            } catch (IOException e) {
                throw new UncheckedIOException("write " + state.hosts() + ": " + e.getMessage(), e);
            }
            return null;
        }

        public Void startNode(Steps.StartNode s) {
            StepApplier.this.startNode(k, s);
            return null;
        }

        public Void startServices(Steps.StartServices s) {
            StepApplier.this.startServices(s);
            return null;
        }

        public Void impairEgress(Steps.ImpairEgress s) {
            impair(s);
            return null;
        }

        public Void mountLayers(Steps.MountLayers s) {
            NodeLayers.mount(state.layers());
            return null;
        }
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
        ImpairState.Row row = LiveImpair.apply(kernel.netns(s.netns()), kernel.rtnetlink(s.netns()),
                s.netns(), s.ifname(), s.endpoint(), s.direction(), s.impairment(), mark);
        ImpairState.write(state.impair(), ImpairState.with(ImpairState.read(state.impair()), row));
    }

    private void startServices(Steps.StartServices s) {
        if (s.services().isEmpty() && ImpairState.read(state.impair()).stream().noneMatch(r -> r.delayLine())) {
            return; // no services, and the kernel's netem makes the delays: nothing for a supervisor to do
        }
        Map<String, String> hostnames = new LinkedHashMap<>();
        for (PlanNode n : plan.nodes()) hostnames.put(n.name(), n.hostname());
        List<ServiceBinding> specs = new ArrayList<>();
        for (var spec : s.services()) {
            specs.add(new ServiceBinding(spec.node(), hostnames.get(spec.node()), NetnsName.path(spec.netns()), ServiceType.of(spec.type()), spec.port()));
        }
        try {
            ServiceBindings.write(state.servicesSpec(), specs);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + state.servicesSpec() + ": " + e.getMessage(), e);
        }
        Supervisor.start(state.servicesSpec(), state.supervisorLog(), Map.of(LabMark.ENV, mark), (ProcessStamp p) -> {
            journal.record(new JournalEntry.Started(JournalEntry.SUPERVISOR, p).line());
            p.write(state.supervisorPid());
        });
    }
}
