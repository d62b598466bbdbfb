package io.nslab.cli.print;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * What the progress line of {@code up} and {@code down} ({@link io.nslab.cli.print.Progress})
 * counts a step as: the four things a user waits for, in the line's order. The other steps
 * (addresses, routes, sysctls...) are quick, and go with these.
 */
public final class Counted {
    public static final String NAMESPACES = "namespaces", LINKS = "links", NODES = "nodes", SERVICES = "services";
    private static final List<String> ORDER = List.of(NAMESPACES, LINKS, NODES, SERVICES);

    private Counted() {}

    /** The count a step (made or undone) goes to, or null for a step not counted. */
    public static String of(Step s) {
        if (s instanceof Steps.CreateNetns || s instanceof Steps.DeleteNetns) return NAMESPACES;
        if (s instanceof Steps.CreateVeth || s instanceof Steps.CreateBridge || s instanceof Steps.DeleteLink) return LINKS;
        if (s instanceof Steps.StartNode || s instanceof Steps.StopNode) return NODES;
        if (s instanceof Steps.StartServices || s instanceof Steps.StopServices) return SERVICES;
        return null;
    }

    /** How many of each these steps make, in the line's order (zero for what they have none of). */
    public static Map<String, Integer> totals(Iterable<? extends Step> steps) {
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (String what : ORDER) totals.put(what, 0);
        for (Step s : steps) {
            String what = of(s);
            if (what != null) totals.merge(what, 1, Integer::sum);
        }
        return totals;
    }
}
