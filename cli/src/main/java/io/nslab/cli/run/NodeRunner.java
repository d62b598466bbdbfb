package io.nslab.cli.run;

import java.nio.file.Path;

import io.nslab.cli.state.ProcessStamp;
import io.nslab.topology.plan.Steps.StartNode;

/**
 * Starts and stops a node's init (its PID 1, nslab-init from core-ns). An interface so the
 * executor does not care how, and so a build without core-ns's runtime can still build a
 * lab's network ({@link #NONE}).
 */
public interface NodeRunner {
    /** The files of one node, in the lab's state directory. */
    record NodeFiles(Path hosts, Path hostname, Path log) {}

    /**
     * Starts the node's init and returns once it is ready (or throws with its error text), or
     * returns null when this runner starts no process.
     */
    ProcessStamp start(String lab, StartNode step, NodeFiles files);

    /** Stops a node's init (and with its PID namespace every process in it); tolerates one that is gone. */
    void stop(ProcessStamp init);

    /**
     * Starts no process: nodes are their namespaces only (network, services and checks work;
     * {@code exec} does not). Used while this build has no node runtime.
     */
    NodeRunner NONE = new NodeRunner() {
        @Override public ProcessStamp start(String lab, StartNode step, NodeFiles files) { return null; }
        @Override public void stop(ProcessStamp init) { Processes.kill(init); }
    };
}
