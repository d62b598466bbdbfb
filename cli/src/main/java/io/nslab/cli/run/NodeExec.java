package io.nslab.cli.run;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nslab.cli.probe.ExecCheck;
import io.nslab.cli.state.ProcessStamp;
import io.nslab.cli.state.StateDir;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.Steps.StartNode;

/**
 * Runs the exec checks' commands inside the nodes of a running lab: finds the node's init in
 * the lab's state (the same process that was started: PID and start time) and has the node
 * runtime start the command there, with the node's {@code env}.
 */
public final class NodeExec implements ExecCheck.Launcher {
    private final StateDir state;
    private final NodeRunner runner;
    private final Map<String, Map<String, String>> env = new HashMap<>();

    public NodeExec(StateDir state, Plan plan, NodeRunner runner) {
        this.state = state;
        this.runner = runner;
        for (var step : plan.steps()) {
            if (step instanceof StartNode start) env.put(start.node(), start.env());
        }
    }

    @Override
    public Process start(String node, List<String> argv) throws IOException {
        ProcessStamp init = ProcessStamp.read(state.nodePid(node)).orElseThrow(() ->
                new IOException("node " + node + " has no init" + (runner == NodeRunner.NONE ? " (this build starts no node processes)" : "")));
        if (!init.alive()) throw new IOException("node " + node + " is not running (its init, PID " + init.pid() + ", has exited)");
        return runner.exec(init, argv, env.getOrDefault(node, Map.of()));
    }
}
