package io.nslab.topology.model;

/**
 * One of a node's {@code mounts}: a bind mount of {@code source} (an absolute path on the
 * machine) on {@code target} in the node, read-only when {@code readonly}; or, with
 * {@code source} null, a tmpfs of the node's own on {@code target}.
 */
public record Mount(String source, String target, boolean readonly) {
    public boolean tmpfs() { return source == null; }

    /**
     * Whether {@code target} is there on the machine: a node that sees the machine's tree
     * ({@code "root": "host"}) needs it, since nslab makes a missing target only in a node's own view.
     */
    public static boolean onMachine(String target) { return java.nio.file.Files.exists(java.nio.file.Path.of(target)); }
}
