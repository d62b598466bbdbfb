package io.nslab.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.topology.plan.DnatRule;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;
import io.nslab.topology.plan.ServiceSpec;
import io.nslab.topology.plan.Steps;

/** What people want to see of a lab, read off its Plan: each node's published ports and services. */
public final class LabView {
    private LabView() {}

    /** node → its published ports as {@code HOSTPORT->PORT/PROTO}. */
    public static Map<String, List<String>> published(Plan plan) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PlanNode n : plan.nodes()) out.put(n.name(), new ArrayList<>());
        for (Steps.InstallNat nat : plan.steps(Steps.InstallNat.class)) {
            for (DnatRule d : nat.dnats()) {
                List<String> node = out.get(d.node());
                if (node != null) node.add(d.port() + "->" + d.toPort() + "/" + d.proto());
            }
        }
        return out;
    }

    /** node → its services as {@code TYPE/PORT}. */
    public static Map<String, List<String>> services(Plan plan) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PlanNode n : plan.nodes()) out.put(n.name(), new ArrayList<>());
        for (Steps.StartServices ss : plan.steps(Steps.StartServices.class)) {
            for (ServiceSpec spec : ss.services()) out.get(spec.node()).add(spec.type() + "/" + spec.port());
        }
        return out;
    }

    public static boolean hasServices(Plan plan) {
        return !plan.steps(Steps.StartServices.class).isEmpty();
    }
}
