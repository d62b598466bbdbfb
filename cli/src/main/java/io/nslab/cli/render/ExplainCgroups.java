package io.nslab.cli.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nslab.cli.launch.CgroupTree;
import io.nslab.core.cgroup.CgroupLimits;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.core.cgroup.CgroupsV2;
import io.nslab.core.cgroup.MemoryCgroup;
import io.nslab.topology.plan.CgroupPaths;
import io.nslab.topology.plan.Steps.CreateCgroup;
import io.nslab.topology.plan.Steps.DeleteCgroup;

/**
 * The cgroup steps of {@link ExplainScript}: this machine's cgroups as {@code up} would use
 * them, each path written below {@code $CGROUP} (exported: a node's {@code sh -c} sees it too).
 */
final class ExplainCgroups {
    private Cgroups cgroups;
    /** Each cgroup made so far, whether it is a memory cgroup of its own: where a node's shell joins. */
    private final Map<String, MemoryCgroup> memories = new HashMap<>();

    /** This machine's cgroups; a stock v2 layout where none can be read (explain needs no root). */
    private Cgroups cgroups() {
        if (cgroups == null) {
            try {
                cgroups = CgroupTree.here();
            } catch (RuntimeException e) {
                cgroups = new CgroupsV2(Path.of("/sys/fs/cgroup"));
            }
        }
        return cgroups;
    }

    String[] lesson() {
        return new String[] {"A cgroup (control group) counts and limits what its processes use: memory, CPU time, the",
                "number of processes. It is a directory: mkdir makes one, its files are its settings and",
                "counters, and a process joins it by writing its PID to cgroup.procs. Each node gets one,",
                "nslab/LAB/NODE, under the lab's, limited or not (`nslab status` shows each node's use),",
                "but a memory cgroup of its own only with a memory limit: else the lab's counts its memory.",
                "This machine has cgroup " + cgroups().version() + (cgroups().version().equals("v1")
                        ? ": a tree per controller, the same path made in each." : ": one tree; a parent lists in cgroup.subtree_control the controllers its children get."),
                "nslab marks each one with the extended attribute user.nslab.mark, for down's sweep."};
    }

    /** What the cgroup is for, as a comment's text. */
    String title(CreateCgroup s) {
        if (CgroupPaths.isLab(s.path())) return "The lab's cgroup.";
        CgroupLimits limits = limits(s);
        return "Node " + s.path().substring(s.path().lastIndexOf('/') + 1) + "'s cgroup"
                + (limits.none() ? ": no limits, it only counts." : ": " + describe(limits) + ".")
                + (s.ownMemory() ? "" : " Its memory is counted in the lab's cgroup (a memory cgroup costs the kernel ~1 MB).");
    }

    /** The commands that make it and set its limits. */
    List<String> create(CreateCgroup s) {
        MemoryCgroup memory = MemoryCgroup.of(s.ownMemory());
        memories.put(s.path(), memory);
        return cgroups().script(s.path(), limits(s), memory).stream().map(ExplainCgroups::underRoot).toList();
    }

    /** The commands by which a shell joins cgroup {@code path} (made by {@link #create} before), joined by "; ". */
    String join(String path) {
        return underRoot(String.join("; ", cgroups().joinScript(path, memories.getOrDefault(path, MemoryCgroup.OWN))));
    }

    /** The teardown's comment lines that remove it. */
    List<String> remove(DeleteCgroup s) {
        List<String> lines = new ArrayList<>();
        for (Path d : cgroups().dirs(s.path(), memories.getOrDefault(s.path(), MemoryCgroup.OWN))) lines.add("  rmdir" + underRoot(" " + d) + "      # once no process is in it");
        return lines;
    }

    private static CgroupLimits limits(CreateCgroup s) {
        return new CgroupLimits(s.memoryMax(), s.cpuQuotaUs(), s.pidsMax());
    }

    private static String underRoot(String line) {
        return line.replace(" /sys/fs/cgroup/", " \"$CGROUP\"/");
    }

    private static String describe(CgroupLimits l) {
        List<String> parts = new ArrayList<>();
        if (l.memoryMax() != null) parts.add("memory " + (l.memoryMax() >> 20) + " MiB (over it, the OOM killer ends a process in it)");
        if (l.cpuQuotaUs() != null) parts.add(l.cpuQuotaUs() + " us of CPU per " + CgroupLimits.CPU_PERIOD_US + " us (" + l.cpuQuotaUs() * 100 / CgroupLimits.CPU_PERIOD_US + "% of a core)");
        if (l.pidsMax() != null) parts.add("at most " + l.pidsMax() + " processes (fork fails with EAGAIN)");
        return String.join(", ", parts);
    }
}
