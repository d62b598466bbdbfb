package io.nslab.cli.check;

import io.nslab.cli.launch.CgroupTree;
import io.nslab.cli.state.RunningLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nslab.cli.probe.ExecCheck;
import io.nslab.cli.state.StateDir;
import io.nslab.core.InitBinary;
import io.nslab.core.Nodes;
import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.topology.plan.CgroupPaths;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.Steps.StartNode;

/**
 * Starts the exec checks' commands inside the nodes of a running lab: finds the node's init
 * in the lab's state (the very process that was started: PID and start time) and runs
 * {@code nslab-init exec} against it, as {@code nslab exec} does, but with the command's
 * output on pipes and the node's {@code env} added.
 */
public final class NodeExec implements ExecCheck.Launcher {
    private final StateDir state;
    private final Map<String, Map<String, String>> env = new HashMap<>();
    /**
     * The nodes' inits and the cgroup layout, read at the first start for all of a lab's exec
     * checks, which start together: the journal is read whole, and the layout from the mount
     * table, which holds every namespace pin of every lab (200 checks read them 200 times).
     */
    private record Known(Map<String, ProcessStamp> inits, Optional<Cgroups> cgroups) {}
    private Known known;

    public NodeExec(StateDir state, Plan plan) {
        this.state = state;
        for (StartNode start : plan.steps(StartNode.class)) env.put(start.node(), start.env());
    }

    /** What is known, read again when it does not know {@code node} (a node started since). */
    private synchronized Known known(String node) {
        if (known == null || !known.inits().containsKey(node)) known = new Known(RunningLab.inits(state), detect());
        return known;
    }

    @Override
    public Process start(String node, List<String> argv) throws IOException {
        Known k = known(node);
        ProcessStamp init = Optional.ofNullable(k.inits().get(node))
                .orElseThrow(() -> new IOException("node " + node + " has no init process (nslab status " + state.lab() + ")"));
        if (!Nodes.alive(init)) throw new IOException("node " + node + " is not running (its init, PID " + init.pid() + ", has exited)");
        return new ProcessBuilder(InitBinary.execCommand(init, argv, env.getOrDefault(node, Map.of()), false, false,
                cgroupOf(k.cgroups(), state.lab(), node))).start();
    }

    /**
     * The directories of a node's cgroup, for a command run in the node to join (its limits hold
     * for it too; the lab's in the memory hierarchy for a node without a memory cgroup of its own,
     * as for its init: {@link Cgroups#joinDirs}); empty for a lab brought up by an nslab without
     * cgroups, or where none can be read.
     */
    public static List<Path> cgroupOf(String lab, String node) {
        return cgroupOf(detect(), lab, node);
    }

    private static List<Path> cgroupOf(Optional<Cgroups> cgroups, String lab, String node) {
        if (cgroups.isEmpty()) return List.of();
        List<Path> dirs = cgroups.get().joinDirs(CgroupPaths.node(lab, node));
        return dirs.stream().allMatch(Files::isDirectory) ? dirs : List.of();
    }

    private static Optional<Cgroups> detect() {
        try {
            return Optional.of(CgroupTree.here());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
