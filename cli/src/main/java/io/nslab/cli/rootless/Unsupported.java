package io.nslab.cli.rootless;

import java.util.Optional;

import io.nslab.cli.Invocation;
import io.nslab.cli.NslabException;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;

/**
 * What a rootless lab cannot have, said in one line before anything is made. Everything a
 * sealed lab makes lives in namespaces the user's own user namespace owns; these would not:
 * <ul>
 *   <li>{@code --on-host}: the machine's own network namespace (its interfaces, its firewall,
 *       its ports for {@code publish});</li>
 *   <li>{@code limits}: cgroups, which belong to the machine's cgroup tree unless one was
 *       delegated to the user (not used yet);</li>
 *   <li>a node's own {@code user} map: the user's namespace maps one id (the user's), so there
 *       is no range to hand a node (newuidmap and /etc/subuid would give one; not used yet).</li>
 * </ul>
 */
public final class Unsupported {
    private Unsupported() {}

    /** Throws (exit 3) if the lab needs what a rootless lab cannot have; does nothing as root. */
    public static void refuse(String command, Lab lab, boolean onHost) {
        if (!Rootless.active()) return;
        reason(lab, onHost).ifPresent(why -> {
            throw NslabException.system("nslab " + command + ": " + why + " (as root: " + Invocation.asRoot(command + " ...") + ")");
        });
    }

    static Optional<String> reason(Lab lab, boolean onHost) {
        if (onHost) {
            return Optional.of("--on-host needs root: a rootless lab cannot change the machine's own network, nor publish on its ports");
        }
        for (Node node : lab.nodes().values()) {
            if (!node.limits().none()) {
                return Optional.of("node \"" + node.name() + "\" has limits, which need a cgroup; a rootless lab has none of its own yet");
            }
            if (node.user() != null) {
                return Optional.of("node \"" + node.name() + "\" has a user map, which needs a range of ids; a rootless lab maps only yours");
            }
        }
        return Optional.empty();
    }
}
