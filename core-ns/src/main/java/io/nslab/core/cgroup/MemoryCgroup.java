package io.nslab.core.cgroup;

/**
 * Whether a cgroup is a memory cgroup of its own or its processes are charged to its parent's.
 * A memory cgroup is the costly part of a cgroup: the kernel gives each one shrinker info
 * when it is made (alloc_shrinker_info, sized by the machine's highest shrinker id, which
 * grows with every superblock a node mounts), about 1.2 MB of unreclaimable memory per node at
 * 1,000 nodes, and more per node the bigger the lab. So a node has one only when it has a
 * memory limit (which needs it); otherwise its memory is counted in the lab's.
 */
public enum MemoryCgroup {
    /** Its own: v1, its directory in the memory hierarchy; v2, memory in its parent's cgroup.subtree_control. */
    OWN,
    /**
     * Its parent's: v1, no directory in the memory hierarchy (its processes join the parent's
     * there); v2, memory not enabled for it by nslab (another child with a limit may enable it:
     * v2 gives memory to all of a parent's children or to none).
     */
    PARENT;

    /** OWN or PARENT, as a plan's step says ({@code CreateCgroup.ownMemory}). */
    public static MemoryCgroup of(boolean own) {
        return own ? OWN : PARENT;
    }

    /** A memory limit is a memory cgroup's file: a cgroup without one of its own cannot have it. */
    void require(CgroupLimits limits) {
        if (limits.memoryMax() != null && this != OWN) throw new IllegalArgumentException("a memory limit needs a memory cgroup of its own");
    }
}
