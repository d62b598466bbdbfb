package io.nslab.topology.model;

import java.util.List;
import java.util.Map;

/**
 * A lab file as written, after validation: every map keeps the file's order (allocation
 * and default routes depend on it). Interfaces without {@code ip} still have none here;
 * the addresses nslab picks are in {@link io.nslab.topology.plan.Addressing}.
 */
public record Lab(String name,
                  Map<String, Bridge> bridges,
                  Map<String, HostInterface> hostInterfaces,
                  Map<String, Node> nodes,
                  List<Link> links,
                  List<Check> checks) {
    public Lab {
        bridges = Frozen.map(bridges);
        hostInterfaces = Frozen.map(hostInterfaces);
        nodes = Frozen.map(nodes);
        links = Frozen.list(links);
        checks = Frozen.list(checks);
    }

    /** The name iproute2 shows for the lab's host side and its own nf_tables table name. */
    public String hostNetnsName() { return name; }

    public String natTableName() { return "nslab-" + name; }

    public String nodeNetnsName(String node) { return name + "-" + node; }
}
