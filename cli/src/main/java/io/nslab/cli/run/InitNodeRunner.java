package io.nslab.cli.run;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.nslab.cli.state.ProcessStamp;
import io.nslab.core.NodeProcess;
import io.nslab.core.NodeSpec;
import io.nslab.core.Nodes;
import io.nslab.core.NsKind;
import io.nslab.core.UserMap;
import io.nslab.topology.plan.Netns;
import io.nslab.topology.plan.Steps.StartNode;

/**
 * Nodes as core-ns makes them: each node's PID 1 is {@code nslab-init}, in the node's network
 * namespace and the other namespaces it gets of its own.
 */
final class InitNodeRunner implements NodeRunner {
    /** How long a node's init has to end its processes after SIGTERM before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(2);

    @Override
    public ProcessStamp start(String lab, StartNode step, NodeFiles files) {
        Set<NsKind> kinds = EnumSet.noneOf(NsKind.class);
        for (String kind : step.namespaces()) kinds.add(NsKind.valueOf(kind.toUpperCase(Locale.ROOT)));
        boolean mnt = kinds.contains(NsKind.MNT);
        NodeSpec spec = new NodeSpec(lab, step.node(), Netns.path(step.netns()), kinds,
                step.user() == null ? null : new UserMap(step.user().uid(), step.user().gid()), step.hostname(),
                mnt ? files.hosts() : null, mnt ? files.hostname() : null, step.run(), step.env(), files.log());
        NodeProcess init = Nodes.start(spec);
        return new ProcessStamp(init.pid(), init.startTime());
    }

    @Override
    public void stop(ProcessStamp init) {
        Nodes.stop(new NodeProcess(init.pid(), init.startTime()), GRACE);
    }
}
