package io.nslab.cli.rootless;

import io.nslab.cli.launch.Rootless;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Optional;

import io.nslab.cli.launch.Invocation;
import io.nslab.cli.outcome.NslabException;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;

/**
 * What a rootless lab cannot have, said in one line before anything is made. Everything a
 * sealed lab makes lives in namespaces the user's own user namespace owns; these would not:
 * <ul>
 *   <li>{@code --on-host}: the machine's own network namespace (its interfaces, its firewall,
 *       its ports for {@code publish});</li>
 *   <li>{@code limits} where no cgroup is delegated to the user ({@link io.nslab.cli.launch.CgroupTree}):
 *       cgroups belong to the machine's tree otherwise;</li>
 *   <li>a node's own {@code user} map whose OUT ids the user's labs do not have ({@link LabIds}):
 *       any but 0, without newuidmap and a range in /etc/subuid and /etc/subgid;</li>
 *   <li>a copy-on-write copy of the machine's tree ({@code "root": "overlay"}, the default):
 *       overlayfs must clone its lower layer, and the kernel refuses to clone {@code /} in a user
 *       namespace, because the mounts under it ({@code /proc}, {@code /dev}, ...) came locked
 *       from the machine's namespace ("overlayfs: failed to clone lowerpath"). Such a node sees
 *       the machine's tree as the user does ({@code "host"}): its writes reach only what the
 *       user may write anyway. Its {@code files} would land on the machine, so they are refused, as is a node whose
 *       lab file asks for {@code "overlay"} by name (its lesson is the copy);
 *       a directory root (a tree with no mounts under it) is copy-on-write as for root. A
 *       {@code mounts} target such a node names must then exist on the machine (as for
 *       {@code "host"}, where the lab file's reader checks it).</li>
 * </ul>
 */
public final class Unsupported {
    private Unsupported() {}

    /** Throws (exit 3) if the lab needs what a rootless lab cannot have; does nothing as root. */
    public static void refuse(String command, Lab lab, boolean onHost) {
        if (!Rootless.active()) return;
        reason(lab, onHost, LabIds.here(), io.nslab.cli.launch.CgroupTree.missing()).ifPresent(why -> {
            throw NslabException.system("nslab " + command + ": " + why + " (as root: " + Invocation.asRoot(command + " ...") + ")");
        });
    }

    /**
     * The lab a user's nslab can make: a node that would copy the machine's tree sees it as the
     * user does. Prints one line naming them, so no one takes it for a copy.
     */
    public static Lab adapt(Lab lab, Consumer<String> note) {
        if (!Rootless.active()) return lab;
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (Node node : lab.nodes().values()) {
            boolean copy = node.root().equals(Node.ROOT_OVERLAY);
            if (copy) changed.add(node.name());
            nodes.put(node.name(), copy ? node.withRoot(Node.ROOT_HOST) : node);
        }
        if (changed.isEmpty()) return lab;
        note.accept("nslab: note: without root, " + String.join(", ", changed) + (changed.size() == 1 ? " sees" : " see")
                + " the machine's files as you do (root \"host\", not a copy): the kernel will not let overlayfs copy / in a user namespace");
        return new Lab(lab.name(), lab.bridges(), lab.hostInterfaces(), nodes, lab.links(), lab.checks(), lab.addresses());
    }

    static Optional<String> reason(Lab lab, boolean onHost, LabIds ids, Optional<String> noCgroup) {
        if (onHost) {
            return Optional.of("--on-host needs root: a rootless lab cannot change the machine's own network, nor publish on its ports");
        }
        for (Node node : lab.nodes().values()) {
            if (!node.limits().none() && noCgroup.isPresent()) {
                return Optional.of("node \"" + node.name() + "\" has limits, which need a cgroup delegated to you: " + noCgroup.get()
                        + " (with systemd: start a shell with systemd-run --user --scope -p Delegate=yes $SHELL and run nslab in it)");
            }
            if (node.root().equals(Node.ROOT_OVERLAY) && (node.rootChosen() || !node.files().isEmpty())) {
                return Optional.of("node \"" + node.name() + "\" " + (node.rootChosen() ? "asks for a copy of the machine's tree (\"root\": \"overlay\")"
                        : "has files, which need a root of its own") + "; without root the kernel will not let overlayfs copy / "
                        + "(its mounts are locked in a user namespace): give it a directory \"root\", such as one debootstrap makes");
            }
            if (node.root().equals(Node.ROOT_OVERLAY)) {
                // adapt gives it the machine's tree, where nslab makes no missing mount target
                for (var m : node.mounts()) {
                    if (!io.nslab.topology.model.Mount.onMachine(m.target())) {
                        return Optional.of("node \"" + node.name() + "\" mounts on " + m.target() + ", which does not exist on the machine; "
                                + "without root the node sees the machine's tree (root \"host\"), where nslab makes nothing: "
                                + "create it, or give the node a directory \"root\"");
                    }
                }
            }
            if (node.user() != null) {
                Optional<String> outside = ids.refuse(node.name(), node.user());
                if (outside.isPresent()) return outside;
            }
        }
        return Optional.empty();
    }
}
