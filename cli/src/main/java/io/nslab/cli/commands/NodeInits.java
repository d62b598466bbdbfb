package io.nslab.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.nslab.cli.ExitCode;
import io.nslab.cli.NslabException;
import io.nslab.cli.state.StateDir;
import io.nslab.core.Nodes;
import io.nslab.core.ProcessStamp;

/** The inits of a running lab's nodes, as its state directory records them (nodes/NODE.pid). */
final class NodeInits {
    private NodeInits() {}

    /** Node name → its init, for every node that has one, sorted by name. */
    static Map<String, ProcessStamp> of(StateDir state) {
        Map<String, ProcessStamp> inits = new LinkedHashMap<>();
        if (!Files.isDirectory(state.nodesDir())) return inits;
        try (Stream<java.nio.file.Path> files = Files.list(state.nodesDir())) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pid"))
                    .map(n -> n.substring(0, n.length() - ".pid".length())).sorted().toList();
            for (String name : names) {
                ProcessStamp.read(state.nodePid(name)).ifPresent(p -> inits.put(name, p));
            }
        } catch (IOException e) {
            throw NslabException.system("nslab: cannot read " + state.nodesDir() + ": " + e.getMessage());
        }
        return inits;
    }

    /**
     * The init of a node that runs; an unknown node is bad input, a dead one the system's refusal.
     * The node's own pid file is read, not every node's: the others are listed only for the error.
     */
    static ProcessStamp running(StateDir state, String node) {
        Optional<ProcessStamp> recorded = StateDir.isPlainName(node) ? ProcessStamp.read(state.nodePid(node)) : Optional.empty();
        if (recorded.isEmpty()) {
            Map<String, ProcessStamp> inits = of(state);
            throw NslabException.badInput("nslab: lab " + state.lab() + " has no node named \"" + node + "\""
                    + (inits.isEmpty() ? " (none of its nodes has an init process)" : " (nodes: " + String.join(", ", inits.keySet()) + ")"));
        }
        ProcessStamp init = recorded.get();
        if (!Nodes.alive(init)) {
            throw new NslabException(ExitCode.SYSTEM, "nslab: node " + node + " of lab " + state.lab()
                    + " is not running (its init, PID " + init.pid() + ", has exited; nslab down " + state.lab() + " cleans up)");
        }
        return init;
    }
}
