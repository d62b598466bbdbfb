package io.nslab.topology.model;

/**
 * One of a node's {@code mounts}: a bind mount of {@code source} (an absolute path on the
 * machine) on {@code target} in the node, read-only when {@code readonly}; or, with
 * {@code source} null, a tmpfs of the node's own on {@code target}.
 */
public record Mount(String source, String target, boolean readonly) {
    public boolean tmpfs() { return source == null; }
}
