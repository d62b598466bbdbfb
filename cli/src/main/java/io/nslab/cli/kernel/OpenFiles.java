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

    /** The most namespaces one holder keeps open at once, unless the limit asks for fewer. */
    static final int MOST_NAMESPACES = 4096;
    /** Descriptors left to the rest of the process (the JVM's jars, the node starts' pipes, the journal). */
    static final int KEPT_FOR_THE_REST = 256;

    private OpenFiles() {}

    /**
     * How many namespaces a holder of a handle and a socket in each ({@link KernelHandles},
     * pingall's neighbour deleter) keeps open at once: a quarter of the soft limit, two
     * descriptors each, at least 16 and at most {@link #MOST_NAMESPACES}.
     */
    public static int namespacesToHold() {
        return namespacesToHold(softLimit());
    }

    static int namespacesToHold(long openFiles) {
        return (int) Math.max(16, Math.min(MOST_NAMESPACES, (openFiles - KEPT_FOR_THE_REST) / 4));
    }

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
