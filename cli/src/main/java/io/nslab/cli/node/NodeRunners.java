package io.nslab.cli.node;

import io.nslab.cli.node.CoreNodeRunner;

import io.nslab.cli.node.NodeRunner;

/** The node runtime of this build: core-ns's nslab-init. */
public final class NodeRunners {
    private static final NodeRunner CORE = new CoreNodeRunner();

    private NodeRunners() {}

    public static NodeRunner get() {
        return CORE;
    }
}
