package io.nslab.cli.launch;

import java.util.Optional;

import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.CgroupException;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.core.cgroup.Delegation;

/**
 * The cgroup tree this nslab makes its labs' cgroups in. Root's: the machine's roots. A
 * user's: the cgroup delegated to the user that their holder was started in ({@link
 * Delegation}); the holder, not this command, because it lives as long as the labs do and
 * every command of the user finds the same one.
 */
public final class CgroupTree {
    private CgroupTree() {}

    /** The tree; for a user without a delegated cgroup, a {@link CgroupException} that says why. */
    public static Cgroups here() {
        if (!Rootless.active()) return Cgroups.detect();
        Optional<ProcessStamp> holder = Rootless.dir().flatMap(dir -> ProcessStamp.read(dir.resolve(Rootless.HOLDER_FILE)));
        if (holder.isEmpty()) throw new CgroupException("no holder of your labs is running, so no cgroup of yours is known");
        return Delegation.at(holder.get().pid());
    }

    /** Why a user's labs can have no cgroups, if they cannot (never for root). */
    public static Optional<String> missing() {
        if (!Rootless.active()) return Optional.empty();
        try {
            here();
            return Optional.empty();
        } catch (CgroupException e) {
            return Optional.of(e.getMessage());
        }
    }
}
