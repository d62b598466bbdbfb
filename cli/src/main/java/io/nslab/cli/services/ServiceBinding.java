package io.nslab.cli.services;

import java.util.Objects;

/**
 * One built-in service as the supervisor binds it: the plan's {@code ServiceSpec} resolved for a
 * process that has no plan (the node's hostname, what the whoami service reports; the node's
 * network namespace as a path such as {@code /run/netns/LAB-NODE}; the type parsed), and its
 * port. It listens on every address of that namespace.
 */
public record ServiceBinding(String node, String hostname, String netnsPath, ServiceType type, int port) {
    public ServiceBinding {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(netnsPath, "netnsPath");
        Objects.requireNonNull(type, "type");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is not in 1..65535");
    }

    /** How logs and errors name it, e.g. {@code "web http/80"}. */
    public String describe() {
        return node + " " + type.label() + "/" + port;
    }
}
