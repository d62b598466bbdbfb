package io.nslab.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as nslab remembers it: its PID and its start time (field 22 of
 * {@code /proc/PID/stat}, clock ticks since boot). The pair names one process for good: a PID
 * reused after that process died has another start time, so nslab never signals a stranger.
 * Kept in pid files as {@code "PID STARTTIME"}.
 */
public record ProcessStamp(int pid, long startTime) {

    /** The stamp of a running PID, or empty when there is no such process. */
    public static Optional<ProcessStamp> of(int pid) {
        String stat = stat(pid);
        return stat == null ? Optional.empty() : Optional.of(new ProcessStamp(pid, startTime(stat)));
    }

    public String format() { return pid + " " + startTime; }

    public static ProcessStamp parse(String line) {
        String[] parts = line.trim().split("\\s+");
        try {
            if (parts.length == 2) return new ProcessStamp(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            // falls through to the one error below
        }
        throw new IllegalArgumentException("expected \"PID STARTTIME\", got \"" + line.trim() + "\"");
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
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether this very process still runs (same PID, same start time, not a zombie). */
    public boolean alive() {
        String stat = stat(pid);
        return stat != null && startTime(stat) == startTime && fields(stat)[0].charAt(0) != 'Z';
    }

    private static String stat(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
    }

    // The command name (field 2) is in parentheses and may hold spaces or ')': count from the last ')'.
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long startTime(String stat) {
        return Long.parseLong(fields(stat)[19]); // field 22
    }
}
