package io.nslab.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/**
 * What to say when an up ran out of file descriptors (EMFILE): a machine limit, not the lab's
 * fault. While it builds, up keeps about two files open per node (its namespaces' handles, for
 * the batches that configure them), so a lab of N nodes needs about 2N above what the JVM itself
 * holds; 10,000 nodes meet a session limit of 20,000 (bench/huge.sh).
 */
final class OpenFilesHint {
    private OpenFilesHint() {}

    /** The hint, if {@code failure} (or a cause of it) is EMFILE. */
    static Optional<String> of(Throwable failure, int nodes) {
        if (!isEmfile(failure)) return Optional.empty();
        String hard = hardLimit().map(l -> "this session allows " + l).orElse("this session allows fewer");
        return Optional.of("a lab of " + nodes + " nodes needs about " + (2 * nodes + 200) + " open files while it comes up, and "
                + hard + " (ulimit -Hn): raise the hard limit (nofile in /etc/security/limits.conf, LimitNOFILE= for a"
                + " systemd service, or prlimit --nofile), or make the lab smaller");
    }

    static boolean isEmfile(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SysException s && s.errno() == Errno.EMFILE) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Too many open files") || m.contains("EMFILE"))) return true;
        }
        return false;
    }

    /** The hard limit on open files, from /proc/self/limits ("Max open files  SOFT  HARD  files"). */
    static Optional<String> hardLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    if (f.length >= 2) return Optional.of(f[1]);
                }
            }
        } catch (IOException e) {
            // no /proc: say it without the number
        }
        return Optional.empty();
    }
}
