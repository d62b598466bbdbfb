package io.nslab.core.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * This machine's cgroups, as nslab uses them: one cgroup per node under one per lab,
 * {@code nslab/LAB/NODE}, made with mkdir, limited by writing files, removed with rmdir. Two
 * layouts, chosen at run time from the mounts ({@link #detect}):
 * <ul>
 *   <li>{@link CgroupsV2}: one unified tree (stock Debian and Ubuntu); controllers are enabled
 *       for children in each parent's {@code cgroup.subtree_control};</li>
 *   <li>{@link CgroupsV1}: a tree per controller (the hybrid layout of the machines nslab is
 *       developed and tested on: cpu, cpuacct, memory and pids hierarchies next to a v2 mount
 *       without controllers), the same path made in each.</li>
 * </ul>
 * A path is relative to the roots, '/'-separated, as {@code nslab/lab/node} (the Plan names them).
 * A node has a memory cgroup of its own only when it has a memory limit ({@link MemoryCgroup}):
 * without one, its memory is counted in the lab's.
 */
public sealed interface Cgroups permits CgroupsV1, CgroupsV2 {
    /**
     * The layout of this machine: v1 when the memory, pids or cpu controller has a v1
     * hierarchy (a controller is in one hierarchy only, so then it is not in v2), else v2.
     */
    static Cgroups detect() {
        return of(CgroupMounts.read());
    }

    static Cgroups of(CgroupMounts mounts) {
        if (mounts.v1().containsKey("memory") || mounts.v1().containsKey("pids") || mounts.v1().containsKey("cpu")) {
            return new CgroupsV1(mounts.v1());
        }
        if (mounts.unified() == null) throw new CgroupException("this machine mounts no cgroup file system (see: nslab doctor)");
        return new CgroupsV2(mounts.unified());
    }

    /** "v1" or "v2". */
    String version();

    /** One line for doctor: the layout and where its controllers are. */
    String describe();

    /** The directories of a cgroup, one per hierarchy (whether it has one there or not: v1's memory, {@link MemoryCgroup#PARENT}). */
    default List<Path> dirs(String path) {
        return dirs(path, MemoryCgroup.OWN);
    }

    /** The directories a cgroup made with {@code memory} has (v1: none in the memory hierarchy for {@link MemoryCgroup#PARENT}). */
    List<Path> dirs(String path, MemoryCgroup memory);

    /**
     * The directories a process joins to be in the cgroup, by writing its PID to each one's
     * cgroup.procs: its own in each hierarchy, and its parent's in one where it has none (v1's
     * memory hierarchy, for a cgroup made with {@link MemoryCgroup#PARENT}). Read from the tree,
     * so that every joiner (up's inits, exec, the launcher's exec) follows the one rule; empty
     * when the cgroup is nowhere.
     */
    List<Path> joinDirs(String path);

    /** As {@link #create(String, CgroupLimits, MemoryCgroup, String)}, a memory cgroup of its own (the lab's). */
    default void create(String path, CgroupLimits limits, String mark) {
        create(path, limits, MemoryCgroup.OWN, mark);
    }

    /**
     * Makes a cgroup (its parents too, when missing), writes its limits and marks it; a memory
     * cgroup of its own or not ({@code memory}; a memory limit needs one). Throws {@link
     * CgroupException.Exists} when it exists already (someone else's: not to be removed).
     */
    void create(String path, CgroupLimits limits, MemoryCgroup memory, String mark);

    /**
     * What the cgroup uses now; without a memory cgroup of its own, the resident memory of its
     * processes ({@link CgroupUsage#rssBytes}) instead of the memory it is charged.
     */
    CgroupUsage usage(String path);

    /** Whether the cgroup exists (in any hierarchy). */
    boolean exists(String path);

    /** The names of the cgroups right below {@code path}, in any hierarchy. */
    List<String> children(String path);

    /** The mark of a cgroup, if it has one. */
    Optional<String> mark(String path);

    /** The PIDs in a cgroup (in its first hierarchy). */
    List<Integer> procs(String path);

    /**
     * Removes a cgroup and everything below it in every hierarchy, killing what is still in
     * them; tolerates its absence. Throws when one cannot be removed.
     */
    void remove(String path);

    /** Removes {@code path} if nothing is in or below it (the shared {@code nslab} directory); false when it is in use. */
    boolean removeIfEmpty(String path);

    /** The shell commands that make the cgroup with its limits, as {@link #create} does, for explain. */
    List<String> script(String path, CgroupLimits limits, MemoryCgroup memory);

    /** The shell command that moves the shell running it ($$) into the cgroup, as {@link #joinDirs} has it, for explain. */
    List<String> joinScript(String path, MemoryCgroup memory);
}
