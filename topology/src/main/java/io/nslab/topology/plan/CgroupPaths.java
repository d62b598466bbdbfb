package io.nslab.topology.plan;

/**
 * The cgroups of a lab, as paths below the cgroup roots: {@code nslab/LAB} for the lab,
 * {@code nslab/LAB/NODE} for each node.
 */
public final class CgroupPaths {
    /** The directory every lab's cgroup is in (shared by the labs; removed when the last one goes). */
    public static final String TOP = "nslab";

    private CgroupPaths() {}

    public static String lab(String lab) {
        return TOP + "/" + name(lab);
    }

    /** Whether {@code path} is a lab's cgroup (right below {@link #TOP}). */
    public static boolean isLab(String path) {
        return path.startsWith(TOP + "/") && path.indexOf('/', TOP.length() + 1) < 0;
    }

    public static String node(String lab, String node) {
        return lab(lab) + "/" + name(node);
    }

    /**
     * A name as a cgroup directory: lab and node names are [a-z][a-z0-9-]*, and of the kernel's
     * own file names only v1's {@code tasks} is one of those (the others have a '.' or '_'),
     * so it gets an underscore before it, as systemd does.
     */
    static String name(String name) {
        return name.equals("tasks") ? "_" + name : name;
    }
}
