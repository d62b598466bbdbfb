package io.nslab.cli.up;

import java.nio.file.Path;
import java.util.List;

import io.nslab.cli.launch.CgroupTree;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.JournalEntry;
import io.nslab.core.cgroup.CgroupException;
import io.nslab.core.cgroup.CgroupLimits;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.core.cgroup.MemoryCgroup;
import io.nslab.topology.plan.Steps;

/**
 * The cgroups of one up: this machine's layout (v1 or v2), read from the mounts once, on first
 * use; each cgroup made with its limits and the lab's mark (for the sweep).
 */
final class LabCgroups {
    private final String mark;
    private volatile Cgroups cgroups;

    LabCgroups(String mark) {
        this.mark = mark;
    }

    private Cgroups cgroups() {
        Cgroups c = cgroups;
        if (c == null) cgroups = c = CgroupTree.here();
        return c;
    }

    /** Step {@code k}, journaled already; a cgroup that exists is someone else's: journaled absent, so undo leaves it. */
    void create(int k, Steps.CreateCgroup s, Journal journal) {
        try {
            cgroups().create(s.path(), new CgroupLimits(s.memoryMax(), s.cpuQuotaUs(), s.pidsMax()),
                    MemoryCgroup.of(s.ownMemory()), mark);
        } catch (CgroupException.Exists e) {
            journal.record(new JournalEntry.Absent(k).line());
            throw e;
        }
    }

    /** The directories a node's init joins (none for a plan without cgroups): its cgroup's, made by a step before. */
    List<Path> dirs(String path) {
        return path == null ? List.of() : cgroups().joinDirs(path);
    }
}
