package io.nslab.cli.node;

import java.nio.file.Path;
import java.util.List;

import io.nslab.core.ProcessStamp;
import io.nslab.topology.plan.Steps.StartNode;

/**
 * Starts and stops a node's init (its PID 1, nslab-init from core-ns). An interface so the
 * executor does not care how.
 */
public interface NodeRunner {
    /**
     * The lab's hosts file (each node gets a copy of its own, with {@code ownHostsLine} added
     * when not null), the node's log (null: none), and the directories of the node's cgroup
     * (one per hierarchy) its init joins before it makes its cgroup namespace; the lab's layers
     * (where a node with a root of its own keeps its writes, in a directory named after it).
     */
    record NodeFiles(Path hosts, String ownHostsLine, Path log, List<Path> cgroup, Path layers) {
        public NodeFiles {
            cgroup = cgroup == null ? List.of() : List.copyOf(cgroup);
        }
    }

    /** Starting the nodes of one up: {@link #start} from any thread; {@link #close} when done. */
    interface Starts extends AutoCloseable {
        /**
         * Starts the node's init and returns once it is ready (or throws with its error text),
         * or returns null when this runner starts no process.
         */
        ProcessStamp start(String lab, StartNode step, NodeFiles files);

        @Override
        void close();
    }

    /**
     * Starts for one lab; {@code mark} is its mark (LabMark), carried in the environment of
     * any helper process the runner keeps, so that a helper left by a killed {@code up} can be
     * found by it.
     */
    Starts starts(String mark);

    /**
     * Stops node inits (and with a node's PID namespace every process in it), all at once;
     * tolerates those that are gone. Returns when all have exited.
     */
    void stop(List<ProcessStamp> inits);
}
