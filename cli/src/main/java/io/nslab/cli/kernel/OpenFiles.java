package io.nslab.cli.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This process's limits on open files, from /proc/self/limits ("Max open files  SOFT  HARD
 * files"). The JVM raises its soft limit to the hard one as it starts, so the soft limit is what
 * nslab may use; the hard one is what a user can raise (ulimit -Hn).
 */
public final class OpenFiles {
    /** What to assume when /proc cannot say: the usual soft limit of a session. */
    static final long USUAL = 1024;

    private OpenFiles() {}

    public static long softLimit() {
        return field(0).map(OpenFiles::number).orElse(USUAL);
    }

    /** The hard limit as the kernel says it ("20000", "unlimited"), if /proc says. */
    public static Optional<String> hardLimit() {
        return field(1);
    }

    private static long number(String value) {
        return value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value);
    }

    private static Optional<String> field(int i) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    if (f.length > i) return Optional.of(f[i]);
                }
            }
        } catch (IOException e) {
            // no /proc: the caller's default
        }
        return Optional.empty();
    }
}
