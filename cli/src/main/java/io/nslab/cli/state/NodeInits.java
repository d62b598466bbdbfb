package io.nslab.cli.state;

import java.util.Map;
import java.util.TreeMap;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.state.StateDir;
import io.nslab.core.Nodes;
import io.nslab.core.ProcessStamp;

/** The inits of a running lab's nodes, as its journal records them. */
public final class NodeInits {
    private NodeInits() {}

    /** Node name → its init, for every node that has one, sorted by name. */
    public static Map<String, ProcessStamp> of(StateDir state) {
        return new TreeMap<>(RunningLab.inits(state));
    }

    /** The init of a node that runs; an unknown node is bad input, a dead one the system's refusal. */
    public static ProcessStamp running(StateDir state, String node) {
        ProcessStamp init = known(state, node);
        if (!Nodes.alive(init)) {
            throw new NslabException(ExitCode.SYSTEM, "nslab: node " + node + " of lab " + state.lab()
                    + " is not running (its init, PID " + init.pid() + ", has exited; nslab down " + state.lab() + " cleans up)");
        }
        return init;
    }

    /** The init of a node of the lab, running or not (logs shows a node that ended); an unknown node is bad input. */
    public static ProcessStamp known(StateDir state, String node) {
        Map<String, ProcessStamp> inits = of(state);
        ProcessStamp init = inits.get(node);
        if (init == null) {
            throw NslabException.badInput("nslab: lab " + state.lab() + " has no node named \"" + node + "\""
                    + (inits.isEmpty() ? " (none of its nodes has an init process)" : " (nodes: " + listed(inits.keySet(), state.lab()) + ")"));
        }
        return init;
    }

    /** Names shown in that error: all of a small lab's; of a big one the first few (10,000 names made one line of 80 kB). */
    static final int LISTED = 20;

    static String listed(java.util.Collection<String> nodes, String lab) {
        if (nodes.size() <= LISTED) return String.join(", ", nodes);
        return String.join(", ", nodes.stream().limit(LISTED).toList()) + ", and " + (nodes.size() - LISTED)
                + " more: nslab status " + lab + " lists them";
    }
}
