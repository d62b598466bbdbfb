package io.nslab.topology.plan;

/** A built-in service to serve: which node, in which network namespace, of what type, on which port. */
public record ServiceSpec(String node, String netns, String type, int port) {}
