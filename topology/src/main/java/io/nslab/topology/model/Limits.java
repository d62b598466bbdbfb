package io.nslab.topology.model;

/**
 * A node's resource limits (the lab file's {@code limits}), each null when not limited:
 * memory in bytes, CPU as a number of cores (0.5: half of one), and processes.
 */
public record Limits(Long memoryBytes, Double cpus, Integer pids) {
    public static final Limits NONE = new Limits(null, null, null);

    public boolean none() {
        return memoryBytes == null && cpus == null && pids == null;
    }
}
