package io.nslab.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's effective user id, read from /proc/self/status rather than asked of libc.
 * Asking libc means loading {@link LibC}, and jnr-ffi generates the whole binding on first
 * use: about 120 ms, most of the time of a command such as {@code nslab exec} that needs no
 * other system call from Java. Reading one line of /proc costs a fraction of a millisecond.
 */
public final class Euid {
    private Euid() {}

    /** The effective uid: the second number of the "Uid:" line (real, effective, saved, filesystem). */
    public static int current() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
            }
        } catch (IOException | RuntimeException e) {
            // No /proc, or a format this code does not know: ask libc after all.
        }
        return Sys.C.geteuid();
    }

    /** True when the process runs with effective uid 0. */
    public static boolean isRoot() {
        return current() == 0;
    }
}
