package io.nslab.core.cgroup;

/**
 * What a cgroup uses now, as its files say. A current value is null when this machine does not
 * account it there (no such controller); a maximum is null when there is no limit.
 *
 * @param memoryBytes memory charged to the cgroup (memory.current, v1 memory.usage_in_bytes)
 * @param memoryMax   its limit
 * @param cpuUsec     CPU time used since the cgroup was made, in microseconds
 * @param cpuQuotaUs  CPU time allowed per {@link CgroupLimits#CPU_PERIOD_US}
 * @param pids        processes (and threads) in it
 * @param pidsMax     their limit
 * @param oomKills    processes the OOM killer ended inside it
 */
public record CgroupUsage(Long memoryBytes, Long memoryMax, Long cpuUsec, Long cpuQuotaUs, Long pids, Long pidsMax, Long oomKills) {}
