package io.nslab.topology.plan;

import java.util.Map;

/**
 * A node as the Plan builds it: where its network namespace is, its hostname and the
 * addresses of its own interfaces (interface → CIDR, in file order; empty for a node that
 * shares another namespace), IPv4 in {@code addresses} and IPv6 in {@code addresses6}, for
 * status, inspect, exec and pingall.
 */
public record PlanNode(String name, String netns, String hostname, Map<String, String> addresses, Map<String, String> addresses6) {
    public PlanNode {
        addresses6 = addresses6 == null ? Map.of() : addresses6; // a plan.json written before IPv6 has none
    }

    /** A node without IPv6 addresses. */
    public PlanNode(String name, String netns, String hostname, Map<String, String> addresses) {
        this(name, netns, hostname, addresses, Map.of());
    }

    /** Its addresses of {@code family} (4 or 6). */
    public Map<String, String> addresses(int family) {
        return family == 6 ? addresses6 : addresses;
    }
}
