package io.nslab.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.nslab.sys.NsFiles;
import io.nslab.sys.Sys;

/**
 * The lifetimes of processes nslab started (node inits, the services supervisor, what they
 * run): signals always by PID and start time, never by name; waiting until they are gone;
 * finding what lives in a lab's network namespaces.
 */
public final class Processes {
    private Processes() {}

    /** SIGKILL, if it is still this very process, and wait (briefly) until it is gone. */
    public static void kill(ProcessStamp p) {
        if (p == null || !p.alive()) return;
        Sys.C.kill(p.pid(), Sys.SIGKILL);
        awaitGone(List.of(p), Duration.ofSeconds(5));
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
                Long inode = NsFiles.linkInode(proc.resolve("ns/net"));
                if (inode != null && inodes.contains(inode)) ProcessStamp.of(Integer.parseInt(name)).ifPresent(found::add);
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }
}
