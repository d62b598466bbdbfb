package io.nslab.topology.plan;

/**
 * How steps name network namespaces: a name under /run/netns, or {@link #CURRENT}. A name,
 * not a namespace: the open one, a file descriptor, is netlink's {@code ns/NetNs}.
 */
public final class NetnsName {
    /**
     * The network namespace nslab itself runs in: the machine's, for a lab built
     * {@code --on-host}. Not a valid netns name of any lab (lab names start with a letter).
     */
    public static final String CURRENT = "@current";

    private NetnsName() {}

    public static boolean isCurrent(String netns) { return CURRENT.equals(netns); }

    /** The file that is the namespace: {@code /run/netns/NAME}, or the process's own for {@link #CURRENT}. */
    public static String path(String netns) {
        return isCurrent(netns) ? "/proc/self/ns/net" : "/run/netns/" + netns;
    }
}
