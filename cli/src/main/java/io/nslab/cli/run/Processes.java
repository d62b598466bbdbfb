package io.nslab.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.nslab.core.ProcessStamp;
import io.nslab.core.Signals;

/** Signals to processes nslab started, always by PID and start time, never by name. */
public final class Processes {
    static final int SIGKILL = 9, SIGTERM = 15;

    private Processes() {}

    /**
     * SIGKILL to each of these processes that is still the very one its stamp names (checked
     * through a pidfd, {@link Signals}: a PID reused since the stamp was taken is never hit);
     * true once all are gone, false if one still runs after a few seconds.
     */
    public static boolean killAll(Collection<ProcessStamp> processes) {
        for (ProcessStamp p : processes) Signals.send(p, SIGKILL);
        return awaitGone(processes, Duration.ofSeconds(5));
    }

    /** Waits until every process is gone (or a zombie); false if one still runs at the deadline. */
    public static boolean awaitGone(Collection<ProcessStamp> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessStamp p : processes) {
            while (p.alive()) {
                if (System.nanoTime() > deadline) return false;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Every process (other than this one) whose network namespace is one of {@code inodes}:
     * what is left in a lab's namespaces when nslab died before it could journal a PID.
     */
    public static List<ProcessStamp> inNetns(Set<Long> inodes) {
        List<ProcessStamp> found = new ArrayList<>();
        if (inodes.isEmpty()) return found;
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) continue;
                Long inode = netnsInode(proc);
                if (inode != null && inodes.contains(inode)) ProcessStamp.of(Integer.parseInt(name)).ifPresent(found::add);
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /** The inode of a namespace file such as /run/netns/NAME, or null if there is none. */
    public static Long inodeOf(Path nsFile) {
        try {
            return ((Number) Files.getAttribute(nsFile, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    static Long netnsInode(Path proc) {
        try {
            String link = Files.readSymbolicLink(proc.resolve("ns/net")).toString(); // net:[4026531840]
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return null; // gone, a kernel thread, or not ours to read
        }
    }
}
