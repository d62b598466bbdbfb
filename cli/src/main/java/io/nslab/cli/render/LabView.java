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
                String port = d.port() + "->" + d.toPort() + "/" + d.proto();
                if (node != null && !node.contains(port)) node.add(port); // once, though published to both of a node's families
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

    /** node → its root as the lab file says it: "overlay", "host" or a directory. */
    public static Map<String, String> roots(Plan plan) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Steps.StartNode n : plan.steps(Steps.StartNode.class)) out.put(n.node(), n.root());
        return out;
    }

    /**
     * The bytes a node with a root of its own has written (what its overlay's upper layer holds,
     * as {@code du} counts file sizes), or -1 when it has no layer (root host, or gone).
     */
    public static long written(java.nio.file.Path layers, String node) {
        java.nio.file.Path upper = layers.resolve(node).resolve("upper");
        if (!java.nio.file.Files.isDirectory(upper)) return -1;
        try (var files = java.nio.file.Files.walk(upper)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return -1; // the node is being taken down
        }
    }

    /** "overlay, 12 KiB written" and the like: a node's root for status. */
    public static String root(String root, long written) {
        String kind = root == null ? "host" : root;
        return written < 0 ? kind : kind + ", " + (written < 1024 ? written + " B" : (written + 1023) / 1024 + " KiB") + " written";
    }

    public static boolean hasServices(Plan plan) {
        return !plan.steps(Steps.StartServices.class).isEmpty();
    }
}
