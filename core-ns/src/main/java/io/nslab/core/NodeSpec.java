package io.nslab.core;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a node's init needs to start the node.
 *
 * @param netnsPath    the node's network namespace file; nodes sharing one (netns: NODE or
 *                     host) are given the same path, and still get the other namespaces of
 *                     their own. Null: the caller's own network namespace.
 * @param namespaces   the namespaces the node gets of its own, from UTS, IPC, PID, MNT,
 *                     CGROUP (NET and USER come from netnsPath and user)
 * @param user         maps for a user namespace of its own, or null for none
 * @param hostsFile    the lab's hosts file, or null: the node gets its own copy as /etc/hosts,
 *                     and its hostname in /etc/hostname, on a small tmpfs that nslab-init
 *                     mounts over this file's directory inside the node (needs MNT)
 * @param hostsLine    a line only this node's copy of the hosts file has (its own hostname), or null
 * @param run          the node's program (argv), empty for none
 * @param setup        commands (each an argv) the init runs to their end, in order, before run
 *                     (the lab file's run list but its last); one that fails fails the start,
 *                     and the error holds what it wrote (see {@link RunOutput})
 * @param env          the environment of run and of exec into the node
 * @param logFile      where the init's and run's output goes, or null for /dev/null
 * @param cgroup       the directories of the node's cgroup, one per hierarchy (empty: the
 *                     caller's cgroups): the init joins them first, so its cgroup namespace,
 *                     and all it starts, are rooted there
 * @param root         its root, mounts and files ({@link NodeRoot#HOST}: the machine's tree as is)

 * @param capabilities the capabilities the node's root keeps, as a mask of their bits
 *                     (capabilities(7)), the others dropped from its bounding set too; null:
 *                     every capability the caller has (a privileged node)
 */
public record NodeSpec(String lab, String node, String netnsPath, Set<NsKind> namespaces, UserMap user,
                       String hostname, Path hostsFile, String hostsLine, List<String> run,
                       Map<String, String> env, Path logFile, List<Path> cgroup, NodeRoot root, Long capabilities,
                       List<List<String>> setup) {
    /** The namespaces a node gets by default (lab-format: "all five"). */
    public static final Set<NsKind> ALL = Set.copyOf(EnumSet.of(NsKind.UTS, NsKind.IPC, NsKind.PID, NsKind.MNT, NsKind.CGROUP));

    public NodeSpec {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(node, "node");
        namespaces = namespaces == null ? ALL : Set.copyOf(namespaces);
        if (namespaces.contains(NsKind.NET) || namespaces.contains(NsKind.USER))
            throw new IllegalArgumentException("namespaces holds only uts, ipc, pid, mnt, cgroup (net comes from netnsPath, user from user)");
        if (hostsFile != null && !namespaces.contains(NsKind.MNT))
            throw new IllegalArgumentException("node " + node + ": its own /etc/hosts and /etc/hostname need a mount namespace of its own");
        hostname = hostname == null ? node : hostname;
        if (hostsLine != null && (hostsFile == null || hostsLine.indexOf('\0') >= 0))
            throw new IllegalArgumentException("node " + node + ": a hosts line needs a hosts file, and no NUL");
        run = run == null ? List.of() : List.copyOf(run);
        setup = setup == null ? List.of() : setup.stream().map(List::copyOf).toList();
        if (!setup.isEmpty() && run.isEmpty()) throw new IllegalArgumentException("node " + node + ": setup commands need a run to come after them");
        env = env == null ? Map.of() : Map.copyOf(env);
        cgroup = cgroup == null ? List.of() : List.copyOf(cgroup);
        root = root == null ? NodeRoot.HOST : root;
        if (root != NodeRoot.HOST && !namespaces.contains(NsKind.MNT) && (root.lower() != null || !root.mounts().isEmpty()))
            throw new IllegalArgumentException("node " + node + ": a root, mounts or files need a mount namespace of its own");
    }

    /** A node without setup commands. */
    public NodeSpec(String lab, String node, String netnsPath, Set<NsKind> namespaces, UserMap user,
                    String hostname, Path hostsFile, String hostsLine, List<String> run,
                    Map<String, String> env, Path logFile, List<Path> cgroup, NodeRoot root, Long capabilities) {
        this(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, run, env, logFile, cgroup, root, capabilities, List.of());
    }

    /** A node with every namespace of its own, its hostname its name, and nothing else. */
    public static NodeSpec basic(String lab, String node, String netnsPath) {
        return new NodeSpec(lab, node, netnsPath, ALL, null, node, null, null, List.of(), Map.of(), null, List.of(), NodeRoot.HOST, null);
    }

    public NodeSpec withNamespaces(Set<NsKind> kinds) {
        return new NodeSpec(lab, node, netnsPath, kinds, user, hostname, hostsFile, hostsLine, run, env, logFile, cgroup, root, capabilities, setup);
    }

    public NodeSpec withUser(UserMap map) {
        return new NodeSpec(lab, node, netnsPath, namespaces, map, hostname, hostsFile, hostsLine, run, env, logFile, cgroup, root, capabilities, setup);
    }

    public NodeSpec withHostname(String name) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, name, hostsFile, hostsLine, run, env, logFile, cgroup, root, capabilities, setup);
    }

    public NodeSpec withHostsFile(Path hosts) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hosts, hostsLine, run, env, logFile, cgroup, root, capabilities, setup);
    }

    public NodeSpec withHostsLine(String line) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, line, run, env, logFile, cgroup, root, capabilities, setup);
    }

    public NodeSpec withRun(List<String> argv) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, argv, env, logFile, cgroup, root, capabilities, setup);
    }

    /** These commands (each an argv) run to their end, in order, before run starts; one that fails fails the start. */
    public NodeSpec withSetup(List<List<String>> commands) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, run, env, logFile, cgroup, root, capabilities, commands);
    }

    public NodeSpec withEnv(Map<String, String> vars) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, run, vars, logFile, cgroup, root, capabilities, setup);
    }

    public NodeSpec withLog(Path file) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, run, env, file, cgroup, root, capabilities, setup);
    }

    public NodeSpec withRoot(NodeRoot r) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, run, env, logFile, cgroup, r, capabilities, setup);
    }

    public NodeSpec withCgroup(List<Path> dirs) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, run, env, logFile, dirs, root, capabilities, setup);
    }

    public NodeSpec withCapabilities(Long mask) {
        return new NodeSpec(lab, node, netnsPath, namespaces, user, hostname, hostsFile, hostsLine, run, env, logFile, cgroup, root, mask, setup);
    }

    /**
     * The init's (and so the node's) environment: a root shell's basics, then the node's own
     * variables, which win. Nothing of the caller's environment leaks into the node.
     */
    public Map<String, String> environment() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        all.put("HOME", "/root");
        all.put("HOSTNAME", hostname);
        all.putAll(env);
        return all;
    }
}
