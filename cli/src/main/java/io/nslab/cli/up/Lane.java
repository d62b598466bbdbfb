package io.nslab.cli.up;

import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * How {@link PlanRunner} runs a step: the lane each kind of forward step takes. A new step
 * kind does not compile here until it has one.
 */
enum Lane {
    /** A run of namespaces, made in one go (many from one thread). */
    NAMESPACES,
    /** A link change, queued in its namespace's netlink batch and sent with the next flush. */
    BATCHED,
    /** A node's init, started a few at a time in parallel. */
    NODES,
    /** Anything else: runs once every change queued before it is done. */
    ALONE;

    static Lane of(Step step) {
        return step.accept(OF);
    }

    private static final Step.Visitor<Lane> OF = new Step.ForwardVisitor<>() {
        public Lane createNetns(Steps.CreateNetns s) { return NAMESPACES; }
        public Lane createBridge(Steps.CreateBridge s) { return BATCHED; }
        public Lane createVeth(Steps.CreateVeth s) { return BATCHED; }
        public Lane setMaster(Steps.SetMaster s) { return BATCHED; }
        public Lane addAddress(Steps.AddAddress s) { return BATCHED; }
        public Lane linkUp(Steps.LinkUp s) { return BATCHED; }
        public Lane addRoute(Steps.AddRoute s) { return BATCHED; }
        public Lane startNode(Steps.StartNode s) { return NODES; }
        public Lane createCgroup(Steps.CreateCgroup s) { return ALONE; }
        public Lane setSysctl(Steps.SetSysctl s) { return ALONE; }
        public Lane installNat(Steps.InstallNat s) { return ALONE; }
        public Lane writeHostsFile(Steps.WriteHostsFile s) { return ALONE; }
        public Lane impairEgress(Steps.ImpairEgress s) { return ALONE; }
        public Lane startServices(Steps.StartServices s) { return ALONE; }
        public Lane mountLayers(Steps.MountLayers s) { return ALONE; }
    };
}
