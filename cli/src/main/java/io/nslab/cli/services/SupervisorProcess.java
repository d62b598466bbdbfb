package io.nslab.cli.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A running supervisor as the machine sees it: its PID and its start time (field 22 of
 * {@code /proc/PID/stat}, in clock ticks since boot), so a PID reused by another process
 * after the supervisor died is never mistaken for it. Stored in the lab's
 * {@code supervisor.pid} as {@code "PID STARTTIME"}.
 */
public record SupervisorProcess(int pid, long startTime) {

    /** {@code "PID STARTTIME"}, the line of {@code supervisor.pid}. */
    public String format() {
        return pid + " " + startTime;
    }

    public static SupervisorProcess parse(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 2) throw new IllegalArgumentException("expected \"PID STARTTIME\", got \"" + line.trim() + "\"");
        try {
            return new SupervisorProcess(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected \"PID STARTTIME\", got \"" + line.trim() + "\"", e);
        }
    }

    /**
     * Whether this very process still runs: the PID exists, has the same start time and is
     * not a zombie (a zombie has exited and only waits for its parent to reap it).
     */
    public boolean alive() {
        String stat = stat(pid);
        return stat != null && startTime(stat) == startTime && state(stat) != 'Z';
    }

    /** Whether the PID is gone or now belongs to a different process (or a zombie). */
    public boolean gone() {
        return !alive();
    }

    /** The start time of a running PID, or -1 when there is no such process. */
    public static long startTimeOf(int pid) {
        String stat = stat(pid);
        return stat == null ? -1 : startTime(stat);
    }

    private static String stat(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
    }

    // The command name (field 2) is in parentheses and may hold spaces or ')': fields are
    // counted from the last ')'.
    private static String[] fieldsAfterComm(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static char state(String stat) {
        return fieldsAfterComm(stat)[0].charAt(0); // field 3
    }

    private static long startTime(String stat) {
        return Long.parseLong(fieldsAfterComm(stat)[19]); // field 22
    }
}
