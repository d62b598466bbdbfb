package io.nslab.core;

/**
 * A node's init as the machine sees it: its pid and its start time (field 22 of
 * /proc/PID/stat, clock ticks after boot). The pair names one process for good: a pid alone
 * may be reused by a stranger once the node has ended. Kept in the lab state as "PID STARTTIME".
 */
public record NodeProcess(int pid, long startTime) {
    /** Parses "PID STARTTIME" (the content of a lab's nodes/NODE.pid). */
    public static NodeProcess parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) throw new IllegalArgumentException("not \"PID STARTTIME\": '" + text.trim() + "'");
        try {
            return new NodeProcess(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not \"PID STARTTIME\": '" + text.trim() + "'", e);
        }
    }

    /** "PID STARTTIME", as {@link #parse} reads it. */
    public String format() {
        return pid + " " + startTime;
    }
}
