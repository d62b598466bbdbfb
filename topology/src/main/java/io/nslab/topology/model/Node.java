package io.nslab.topology.model;

import java.util.List;
import java.util.Map;

/**
 * A simulated container. {@code netns} is null for a network namespace of its own,
 * {@code "host"} to share the lab host side's, or another node's name (Docker's
 * {@code --net container:X}). {@code run} is an argv (a string in the file becomes
 * {@code /bin/sh -c STRING}), empty when the node runs nothing but its init; {@code setup}: the
 * commands a run list has before it (each an argv), run to their end, in order, before it starts
 * (empty for a run of one command). {@code limits}:
 * its resource limits ({@link Limits#NONE} when it has none; it gets a cgroup of its own either way).
 * {@code root}: {@link #ROOT_OVERLAY} (the machine's tree, copy-on-write), {@link #ROOT_HOST}
 * (the machine's tree itself) or an absolute directory (its tree, copy-on-write); {@code mounts}
 * and {@code files}: the node's own, made in its view before {@code run} starts.
 * {@code capabilities}: what its root may do ({@link Capability#NODE_DEFAULT} unless the lab file
 * adds or drops some), or null for a privileged node (every capability, the machine's /dev).
 * {@code rootChosen}: the lab file says {@code root} (a lab without root may give a node that
 * did not ask for a copy of the machine's tree the tree itself, but not one that asked).
 */
public record Node(String name,
                   String hostname,
                   Map<String, Interface> interfaces,
                   String netns,
                   List<String> namespaces,
                   UserMaps user,
                   List<Route> routes,
                   Map<String, String> sysctls,
                   List<Publish> publish,
                   List<Service> services,
                   List<String> run,
                   List<List<String>> setup,
                   Map<String, String> env,
                   Limits limits,
                   String root,
                   List<Mount> mounts,
                   List<NodeFile> files,
                   java.util.Set<Capability> capabilities,
                   boolean rootChosen) {
    public Node {
        interfaces = Frozen.map(interfaces);
        namespaces = Frozen.list(namespaces);
        routes = Frozen.list(routes);
        sysctls = Frozen.map(sysctls);
        publish = Frozen.list(publish);
        services = Frozen.list(services);
        run = Frozen.list(run);
        setup = setup == null ? List.of() : setup.stream().map(List::copyOf).toList();
        env = Frozen.map(env);
        limits = limits == null ? Limits.NONE : limits;
        root = root == null ? ROOT_OVERLAY : root;
        mounts = Frozen.list(mounts);
        files = Frozen.list(files);
        capabilities = capabilities == null ? null : java.util.Set.copyOf(capabilities);
    }

    public static final String ROOT_OVERLAY = "overlay", ROOT_HOST = "host";

    /** This node with another {@code root} (a rootless lab cannot copy the machine's tree). */
    public Node withRoot(String other) {
        return new Node(name, hostname, interfaces, netns, namespaces, user, routes, sysctls, publish, services,
                run, setup, env, limits, other, mounts, files, capabilities, rootChosen);
    }

    /** A root of its own, copy-on-write: the machine's tree or a directory's. */
    public boolean ownRoot() { return !ROOT_HOST.equals(root); }

    /** Every capability, as nslab's nodes had before they were confined ({@code "privileged": true}). */
    public boolean privileged() { return capabilities == null; }

    public static final List<String> ALL_NAMESPACES = List.of("uts", "ipc", "pid", "mnt", "cgroup");

    public boolean ownNetns() { return netns == null; }

    public boolean sharesHostNetns() { return Endpoint.HOST.equals(netns); }
}
