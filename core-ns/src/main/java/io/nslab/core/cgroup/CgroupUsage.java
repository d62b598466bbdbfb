package io.nslab.core.cgroup;

import java.util.List;

/**
 * What a cgroup uses now, as its files say. A current value is null when this machine does not
 * account it there (no such controller); a maximum is null when there is no limit.
 *
 * @param memoryBytes memory charged to the cgroup (memory.current, v1 memory.usage_in_bytes);
 *                    null when it is not a memory cgroup of its own ({@link MemoryCgroup#PARENT})
 * @param memoryMax   its limit
 * @param cpuUsec     CPU time used since the cgroup was made, in microseconds
 * @param cpuQuotaUs  CPU time allowed per {@link CgroupLimits#CPU_PERIOD_US}
 * @param pids        processes (and threads) in it
 * @param pidsMax     their limit
 * @param oomKills    processes the OOM killer ended inside it
 * @param rssBytes    when memoryBytes is null, the resident memory of its processes instead
 *                    ({@link ResidentMemory}: another figure, shared pages counted per process,
 *                    page cache and kernel memory not at all); else null
 */
public record CgroupUsage(Long memoryBytes, Long memoryMax, Long cpuUsec, Long cpuQuotaUs, Long pids, Long pidsMax, Long oomKills,
                          Long rssBytes) {
    /** Without the resident memory: a cgroup's own files. */
    public CgroupUsage(Long memoryBytes, Long memoryMax, Long cpuUsec, Long cpuQuotaUs, Long pids, Long pidsMax, Long oomKills) {
        this(memoryBytes, memoryMax, cpuUsec, cpuQuotaUs, pids, pidsMax, oomKills, null);
    }

    /** Its memory as the cgroup counts it, or, where it has no memory cgroup of its own, the resident memory of its processes. */
    static CgroupUsage of(CgroupUsage files, java.util.function.Supplier<List<Integer>> procs) {
        if (files.memoryBytes != null) return files;
        return new CgroupUsage(null, files.memoryMax, files.cpuUsec, files.cpuQuotaUs, files.pids, files.pidsMax, files.oomKills,
                ResidentMemory.of(procs.get()));
    }
}
