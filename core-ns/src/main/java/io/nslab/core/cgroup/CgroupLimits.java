package io.nslab.core.cgroup;

/**
 * What a cgroup may use, each null when not limited: memory in bytes (swap included: none
 * beyond it), CPU time as a quota per {@link #CPU_PERIOD_US} (50000: half a core), and the
 * number of processes (threads included, as the kernel counts them).
 */
public record CgroupLimits(Long memoryMax, Long cpuQuotaUs, Long pidsMax) {
    /** The CFS period the quota is measured against: the kernel's default, 100 ms. */
    public static final long CPU_PERIOD_US = 100_000;
    public static final CgroupLimits NONE = new CgroupLimits(null, null, null);

    public boolean none() {
        return memoryMax == null && cpuQuotaUs == null && pidsMax == null;
    }
}
