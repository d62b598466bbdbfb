package io.nslab.topology.plan;

import java.util.Map;

/**
 * A node as the Plan builds it: where its network namespace is, its hostname and the
 * addresses of its own interfaces (interface → CIDR, in file order; empty for a node that
 * shares another namespace), for status, inspect and exec.
 */
public record PlanNode(String name, String netns, String hostname, Map<String, String> addresses) {}
