package io.nslab.cli.up;

import java.util.Optional;

import io.nslab.cli.kernel.KernelHandles;
import io.nslab.cli.kernel.OpenFiles;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/**
 * What to say when an up ran out of file descriptors (EMFILE): a machine limit, not the lab's
 * fault. Up keeps at most a quarter of the session's limit for the lab's namespaces (their
 * handles and sockets, {@link KernelHandles}), whatever the lab's size, but itself (the JVM,
 * the node starts) needs about a hundred more: a session limit below that stops any lab.
 */
final class OpenFilesHint {
    /** What up needs besides its namespaces' handles, measured: 200 nodes came up under 100, failed under 60. */
    static final int NEEDED = 100;

    private OpenFilesHint() {}

    /** The hint, if {@code failure} (or a cause of it) is EMFILE. */
    static Optional<String> of(Throwable failure) {
        if (!isEmfile(failure)) return Optional.empty();
        String hard = OpenFiles.hardLimit().map(l -> "this session allows " + l).orElse("this session allows fewer");
        return Optional.of("nslab needs about " + NEEDED + " open files while a lab comes up, whatever its size, and "
                + hard + " (ulimit -Hn): raise the hard limit (nofile in /etc/security/limits.conf, LimitNOFILE= for a"
                + " systemd service, or prlimit --nofile)");
    }

    static boolean isEmfile(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SysException s && s.errno() == Errno.EMFILE) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Too many open files") || m.contains("EMFILE"))) return true;
        }
        return false;
    }
}
