package io.nslab.cli.launch;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this nslab is a user's, without root, and where it stands. The launcher runs a
 * user's command through {@code nslab-init rootless} (core-ns/src/main/c/rootless.c), which
 * joins the holder of the user's labs (a user namespace the user owns, the user root inside)
 * before the JVM starts, and says so in the environment:
 * <ul>
 *   <li>the system property {@code nslab.rootless}: the user's nslab directory (holder, lock,
 *       {@code labs/} as the state root): set for every command of a user;</li>
 *   <li>{@code NSLAB_ROOTLESS_LOCK_FD}: joined; this JVM holds the holder's lock shared;</li>
 *   <li>{@code NSLAB_ROOTLESS_ERROR}: no holder could be started, and why.</li>
 * </ul>
 */
public final class Rootless {
    /** In the user's nslab directory: the holder's "PID STARTTIME" (core-ns's holder.c writes it). */
    public static final String HOLDER_FILE = "holder";

    private Rootless() {}

    /** The user's nslab directory, when this nslab runs for a user without root. */
    public static Optional<Path> dir() {
        String dir = System.getProperty("nslab.rootless");
        return dir == null || dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir));
    }

    public static boolean active() {
        return dir().isPresent();
    }

    /** Inside the user's labs' namespaces: the lock's descriptor, held shared. */
    public static Optional<Integer> lockFd() {
        String fd = System.getenv("NSLAB_ROOTLESS_LOCK_FD");
        if (!active() || fd == null) return Optional.empty();
        try {
            return Optional.of(Integer.parseInt(fd));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Why no holder could be started (user namespaces refused, no /run/netns), if that happened. */
    public static Optional<String> error() {
        String why = System.getenv("NSLAB_ROOTLESS_ERROR");
        return active() && why != null && !why.isEmpty() ? Optional.of(why) : Optional.empty();
    }
}
