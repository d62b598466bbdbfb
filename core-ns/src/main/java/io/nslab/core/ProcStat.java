package io.nslab.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of /proc/PID/stat that nslab needs: pid, state, parent and start time (field
 * 22). The command name (field 2) may hold spaces and parentheses, so the fields are counted
 * from its last ')'.
 */
public record ProcStat(int pid, char state, int ppid, long startTime) {
    public static Optional<ProcStat> read(int pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc/" + pid + "/stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone (or going) while we looked
        }
    }

    static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        String[] rest = line.substring(close + 2).trim().split(" ");
        // rest[0] is field 3 (state), so field N is rest[N - 3].
        return new ProcStat(Integer.parseInt(line.substring(0, line.indexOf(' '))), rest[0].charAt(0),
                Integer.parseInt(rest[1]), Long.parseLong(rest[22 - 3]));
    }

    /** Exited, waiting to be reaped (or being reaped): as good as gone. */
    public boolean dead() {
        return state == 'Z' || state == 'X' || state == 'x';
    }
}
