package io.nslab.cli.node;

import io.nslab.cli.node.NodeRunner;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.nslab.core.NodeRoot;
import io.nslab.core.NodeSpec;
import io.nslab.core.NodeSpawner;
import io.nslab.core.Nodes;
import io.nslab.core.NsKind;
import io.nslab.core.ProcessStamp;
import io.nslab.core.UserMap;
import io.nslab.topology.model.Capability;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Steps.StartNode;

/** Starts a node as core-ns does it: its namespaces and nslab-init as its PID 1. */
final class CoreNodeRunner implements NodeRunner {
    /** How long a node's processes get between SIGTERM and SIGKILL on down. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    /**
     * The nodes of one up, through one nslab-init spawn. Started now, before the lab's
     * namespaces: up is still waiting for the C library's binding then, on its other thread.
     */
    @Override
    public Starts starts(String mark) {
        NodeSpawner spawner = NodeSpawner.open(java.util.Map.of(io.nslab.cli.state.LabMark.ENV, mark));
        return new Starts() {
            @Override
            public ProcessStamp start(String lab, StartNode step, NodeFiles files) {
                return spawner.start(spec(lab, step, files));
            }

            @Override
            public void close() {
                spawner.close();
            }
        };
    }

    private static NodeSpec spec(String lab, StartNode step, NodeFiles files) {
        Set<NsKind> kinds = EnumSet.noneOf(NsKind.class);
        for (String name : step.namespaces()) kinds.add(NsKind.valueOf(name.toUpperCase(Locale.ROOT)));
        // A node's /etc/hosts and /etc/hostname are mounts: only a node with a mount namespace
        // of its own may have them, or they would cover the machine's files.
        boolean ownMounts = kinds.contains(NsKind.MNT);
        return new NodeSpec(lab, step.node(), NetnsName.path(step.netns()), kinds,
                step.user() == null ? null : new UserMap(step.user().uid(), step.user().gid()),
                step.hostname(),
                ownMounts ? files.hosts() : null, ownMounts ? files.ownHostsLine() : null, step.run(), step.env(), files.log(),
                files.cgroup(), ownMounts ? root(step, files) : NodeRoot.HOST,
                step.privileged() ? null : Capability.mask(step.capabilities().stream().map(Capability::valueOf).toList()),
                step.setup());
    }

    private static NodeRoot root(StartNode step, NodeFiles files) {
        List<NodeRoot.Mount> mounts = step.mounts().stream().map(m -> new NodeRoot.Mount(m.source(), m.target(), m.readonly())).toList();
        List<NodeRoot.File> written = step.files().stream().map(f -> new NodeRoot.File(f.path(), f.content(), f.mode(), f.owner())).toList();
        if (!step.ownRoot()) return new NodeRoot(null, null, mounts, written);
        String lower = step.root().equals(io.nslab.topology.model.Node.ROOT_OVERLAY) ? "/" : step.root();
        return new NodeRoot(lower, files.layers().resolve(step.node()), mounts, written);
    }

    @Override
    public void stop(List<ProcessStamp> inits) {
        Nodes.stopAll(inits, GRACE);
    }
}
