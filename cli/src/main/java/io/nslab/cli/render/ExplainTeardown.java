package io.nslab.cli.render;

import java.util.List;

import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps.ClearImpairment;
import io.nslab.topology.plan.Steps.DeleteCgroup;
import io.nslab.topology.plan.Steps.DeleteLink;
import io.nslab.topology.plan.Steps.DeleteNatTable;
import io.nslab.topology.plan.Steps.DeleteNetns;
import io.nslab.topology.plan.Steps.RestoreSysctl;
import io.nslab.topology.plan.Steps.StopNode;
import io.nslab.topology.plan.Steps.StopServices;

/**
 * The end of an {@link ExplainScript}: each undo step of the lab's {@link io.nslab.topology.plan.Teardown}
 * (what {@code down} runs) as the command that undoes it by hand, as comment lines (the teardown
 * is read, not run with the script).
 */
final class ExplainTeardown extends Step.UndoVisitor<List<String>> {
    private final ExplainCgroups cgroups;
    /** Whether the step's object goes with a namespace the teardown deletes ({@link io.nslab.topology.plan.Teardown}). */
    private final boolean withItsNamespace;

    ExplainTeardown(ExplainCgroups cgroups, boolean withItsNamespace) {
        this.cgroups = cgroups;
        this.withItsNamespace = withItsNamespace;
    }

    public List<String> stopServices(StopServices s) {
        return List.of("(nslab down stops the services' supervisor; this script started none)");
    }

    public List<String> stopNode(StopNode s) {
        return List.of("  kill \"$(cat \"$STATE/" + s.node() + ".pid\")\"      # node " + s.node() + " and every process in it");
    }

    /** The lab's one table, of family inet. */
    public List<String> deleteNatTable(DeleteNatTable s) {
        return List.of("  " + ExplainScript.in(s.netns()) + "nft delete table inet " + s.table());
    }

    public List<String> deleteLink(DeleteLink s) {
        return List.of("  " + ExplainScript.ip(s.netns()) + " link del " + s.name()
                + (withItsNamespace ? "      # also goes with its namespace" : ""));
    }

    public List<String> restoreSysctl(RestoreSysctl s) {
        return List.of("  sysctl -qw " + s.key() + "=\"$(cat \"$STATE/sysctl." + s.key() + "\")\"   # the machine's own value");
    }

    public List<String> deleteCgroup(DeleteCgroup s) {
        return cgroups.remove(s);
    }

    public List<String> clearImpairment(ClearImpairment s) {
        return List.of("  " + (NetnsName.isCurrent(s.netns()) ? "tc" : "tc -n " + s.netns()) + " qdisc del dev " + s.ifname()
                + " root      # also goes with its link");
    }

    public List<String> deleteNetns(DeleteNetns s) {
        return List.of("  ip netns del " + s.name() + "      # its interfaces and their veth peers go with it");
    }

    public List<String> unmountLayers(io.nslab.topology.plan.Steps.UnmountLayers s) {
        return List.of(ExplainRoot.unmountLayers());
    }
}
