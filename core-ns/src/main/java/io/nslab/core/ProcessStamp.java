package io.nslab.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as nslab remembers it (a node's init, the services supervisor): its PID and its
 * start time (field 22 of {@code /proc/PID/stat}, clock ticks since boot). The pair names one
 * process for good: a PID reused after that process died has another start time, so nslab
 * never signals a stranger. Kept in pid files, and reported by nslab-init, as
 * {@code "PID STARTTIME"}.
 */
public record ProcessStamp(int pid, long startTime) {

    /** The stamp of a running PID, or empty when there is no such process. */
    public static Optional<ProcessStamp> of(int pid) {
        return ProcStat.read(pid).map(s -> new ProcessStamp(pid, s.startTime()));
    }

    /** Parses {@code "PID STARTTIME"} (surrounding white space allowed). */
    public static ProcessStamp parse(String line) {
        String[] parts = line.trim().split("\\s+");
        try {
            if (parts.length == 2) return new ProcessStamp(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            // falls through to the one error below
        }
        throw new IllegalArgumentException("expected \"PID STARTTIME\", got \"" + line.trim() + "\"");
    }

    /** {@code "PID STARTTIME"}, as {@link #parse} reads it. */
    public String format() {
        return pid + " " + startTime;
    }

    public void write(Path file) {
        try {
            Files.writeString(file, format() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The stamp in a pid file, or empty when there is none (or it is unreadable: a crash mid-write). */
    public static Optional<ProcessStamp> read(Path file) {
        try {
            return Optional.of(parse(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this very process still runs: the PID exists, has the same start time and has
     * not exited (a zombie only waits for its parent to reap it).
     */
    public boolean alive() {
        return ProcStat.read(pid).map(s -> s.startTime() == startTime && !s.dead()).orElse(false);
    }
}
