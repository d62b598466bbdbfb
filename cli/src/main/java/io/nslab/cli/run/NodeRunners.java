package io.nslab.cli.run;

/** The node runtime of this build. */
public final class NodeRunners {
    private NodeRunners() {}

    public static NodeRunner get() {
        return NodeRunner.NONE;
    }
}
