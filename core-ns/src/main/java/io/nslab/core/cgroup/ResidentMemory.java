package io.nslab.core.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resident memory of a set of processes: the sum of their RSS ({@code VmRSS} in
 * {@code /proc/PID/status}), what a cgroup without a memory cgroup of its own ({@link
 * MemoryCgroup#PARENT}) is shown to use. Not the figure a memory cgroup counts: a page two of
 * its processes share counts for each, and the page cache and the kernel's memory for them
 * count not at all.
 */
final class ResidentMemory {
    private ResidentMemory() {}

    /** Bytes; a process that ended meanwhile (or a zombie, which has no memory) counts 0. */
    static long of(List<Integer> pids) {
        long total = 0;
        for (int pid : pids) total += of(pid);
        return total;
    }

    /** status, not statm: its figure is in kB, where statm's is in pages of a size Java does not know. */
    private static long of(int pid) {
        String status;
        try {
            status = Files.readString(Path.of("/proc", Integer.toString(pid), "status"));
        } catch (IOException e) {
            return 0;
        }
        int at = status.indexOf("\nVmRSS:");
        if (at < 0) return 0;
        int end = status.indexOf('\n', at + 1);
        String kb = status.substring(at + "\nVmRSS:".length(), end < 0 ? status.length() : end).strip();
        return Long.parseLong(kb.substring(0, kb.indexOf(' '))) * 1024;
    }
}
