package io.nslab.cli.render;

import io.nslab.cli.launch.CgroupTree;
import io.nslab.cli.print.Numbers;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.core.cgroup.CgroupLimits;
import io.nslab.core.cgroup.CgroupUsage;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.Steps;

/**
 * What each node of a lab uses now, read from its cgroup (status, top): memory against its
 * limit, CPU time, processes, OOM kills. A node of a lab brought up by an nslab without
 * cgroups has none, and is left out. Memory is two figures: a node with a memory cgroup of
 * its own (a memory limit) shows what that charges it ("12.3M / 64.0M"); one without, whose
 * memory the lab's cgroup counts, the resident memory of its processes ("12.3M rss").
 */
public final class NodeUsage {
    private NodeUsage() {}

    /** node → its cgroup's usage, or null when it cannot be read (the node is gone); in plan order. */
    public static Map<String, CgroupUsage> read(Plan plan) {
        Map<String, CgroupUsage> out = new LinkedHashMap<>();
        Cgroups cgroups = null;
        for (Steps.StartNode n : plan.steps(Steps.StartNode.class)) {
            if (n.cgroup() == null) continue;
            try {
                if (cgroups == null) cgroups = CgroupTree.here();
                out.put(n.node(), cgroups.exists(n.cgroup()) ? cgroups.usage(n.cgroup()) : null);
            } catch (RuntimeException e) {
                out.put(n.node(), null);
            }
        }
        return out;
    }

    /**
     * "12.3M / 64.0M", "12.3M" without a limit, "12.3M rss" without a memory cgroup of its own,
     * "-" when unknown; then the OOM kills, if any ("; 1 OOM kill").
     */
    public static String memory(CgroupUsage u) {
        String used = used(u);
        if (u == null || u.memoryBytes() == null) return used;
        String kills = u.oomKills() == null || u.oomKills() == 0 ? "" : "; " + u.oomKills() + " OOM kill" + (u.oomKills() == 1 ? "" : "s");
        return used + kills;
    }

    /** The memory and its limit: "12.3M / 64.0M", "12.3M", "12.3M rss" or "-" (top's MEM USAGE / LIMIT). */
    public static String used(CgroupUsage u) {
        if (u == null) return "-";
        if (u.memoryBytes() != null) return bytes(u.memoryBytes()) + (u.memoryMax() == null ? "" : " / " + bytes(u.memoryMax()));
        return u.rssBytes() == null ? "-" : bytes(u.rssBytes()) + " rss";
    }

    /** "3 / 50", "3" without a limit, "-" when unknown. */
    public static String pids(CgroupUsage u) {
        if (u == null || u.pids() == null) return "-";
        return u.pids() + (u.pidsMax() == null ? "" : " / " + u.pidsMax());
    }

    /** CPU time as seconds ("1.23s"), with the quota when there is one ("1.23s (max 0.50 cpu)"). */
    public static String cpu(CgroupUsage u) {
        if (u == null || u.cpuUsec() == null) return "-";
        String used = Numbers.seconds(u.cpuUsec() / 1000) + "s";
        return u.cpuQuotaUs() == null ? used : used + " (max " + cpus(u.cpuQuotaUs()) + " cpu)";
    }

    static String cpus(long quotaUs) {
        return Numbers.seconds(quotaUs * 1000 / CgroupLimits.CPU_PERIOD_US);
    }

    /** Bytes in binary units with one decimal: 1536 → "1.5K", 67108864 → "64.0M". */
    public static String bytes(long b) {
        String[] units = {"B", "K", "M", "G", "T"};
        int u = 0;
        long tenths = b * 10;
        while (tenths >= 10240 && u < units.length - 1) {
            tenths = (tenths + 512) / 1024;
            u++;
        }
        return u == 0 ? b + "B" : tenths / 10 + "." + tenths % 10 + units[u];
    }

    /**
     * The usage as JSON members (snake_case; nulls where unknown or unlimited): memory_bytes is
     * the node's memory cgroup's figure, rss_bytes its processes' resident memory where it has
     * no memory cgroup of its own (then memory_bytes is null).
     */
    public static void json(ObjectNode into, CgroupUsage u) {
        into.put("memory_bytes", u == null ? null : u.memoryBytes());
        into.put("memory_max_bytes", u == null ? null : u.memoryMax());
        into.put("rss_bytes", u == null ? null : u.rssBytes());
        into.put("cpu_ms", u == null || u.cpuUsec() == null ? null : u.cpuUsec() / 1000);
        into.put("cpu_quota_us", u == null ? null : u.cpuQuotaUs());
        into.put("pids", u == null ? null : u.pids());
        into.put("pids_max", u == null ? null : u.pidsMax());
        into.put("oom_kills", u == null ? null : u.oomKills());
    }
}
