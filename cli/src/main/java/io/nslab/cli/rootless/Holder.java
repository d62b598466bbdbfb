package io.nslab.cli.rootless;

import io.nslab.cli.launch.Rootless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.nslab.cli.state.Labs;
import io.nslab.core.ProcessStamp;
import io.nslab.core.Processes;
import io.nslab.core.Signals;
import io.nslab.sys.Sys;

/**
 * The holder of a user's rootless labs (core-ns/src/main/c/holder.c) lives exactly while the
 * user has a lab: the command that leaves none (the last {@code down}, an {@code up} that
 * failed, {@code test}, {@code doctor}) stops it, and with it go the user and mount namespaces
 * and whatever they still held. Only when no other command is inside: each holds the
 * holder's lock shared, so the exclusive lock is ours only when we are alone.
 */
public final class Holder {
    private Holder() {}

    /** The holder's file: "PID STARTTIME". */
    static Path file(Path dir) {
        return dir.resolve(Rootless.HOLDER_FILE);
    }

    /** Its note on the user's subordinate ids: "mapped", or why not (core-ns's holder.c, read by {@link LabIds}). */
    static Path subids(Path dir) {
        return dir.resolve("subids");
    }

    /** Stops the holder if this command is inside, alone, and the user has no lab left. */
    public static void stopIfIdle() {
        Optional<Integer> lock = Rootless.lockFd();
        Optional<Path> dir = Rootless.dir();
        if (lock.isEmpty() || dir.isEmpty() || !Labs.directories().isEmpty()) return;
        if (Sys.C.flock(lock.get(), Sys.LOCK_EX | Sys.LOCK_NB) != 0) return; // another command is inside
        Optional<ProcessStamp> holder = ProcessStamp.read(file(dir.get()));
        if (holder.isEmpty()) return;
        Signals.send(holder.get(), Sys.SIGTERM);
        // Gone before the lock is let go: the next command then finds no holder, never a dying one.
        if (Processes.awaitGone(List.of(holder.get()), Duration.ofSeconds(5))) {
            try {
                Files.deleteIfExists(file(dir.get()));
                Files.deleteIfExists(subids(dir.get()));
            } catch (IOException e) {
                // a stale file names a dead process: the next command starts a new holder
            }
        }
    }
}
