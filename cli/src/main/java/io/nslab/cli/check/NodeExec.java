package io.nslab.cli.check;

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

    public NodeExec(StateDir state, Plan plan) {
        this.state = state;
        for (StartNode start : plan.steps(StartNode.class)) env.put(start.node(), start.env());
    }

    @Override
    public Process start(String node, List<String> argv) throws IOException {
        ProcessStamp init = Optional.ofNullable(RunningLab.inits(state).get(node))
                .orElseThrow(() -> new IOException("node " + node + " has no init process (nslab status " + state.lab() + ")"));
        if (!Nodes.alive(init)) throw new IOException("node " + node + " is not running (its init, PID " + init.pid() + ", has exited)");
        return new ProcessBuilder(InitBinary.execCommand(init, argv, env.getOrDefault(node, Map.of()), false, false,
                cgroupOf(state.lab(), node))).start();
    }

    /**
     * The directories of a node's cgroup, for a command run in the node to join (its limits hold
     * for it too); empty for a lab brought up by an nslab without cgroups, or where none can be read.
     */
    public static List<Path> cgroupOf(String lab, String node) {
        try {
            List<Path> dirs = Cgroups.detect().dirs(CgroupPaths.node(lab, node));
            return dirs.stream().allMatch(Files::isDirectory) ? dirs : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
