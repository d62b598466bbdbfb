package io.nslab.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nslab.sys.Errno;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;

/**
 * A process file descriptor: it names one process for good (never a later one that gets the
 * same pid), can be signalled, and becomes readable when the process exits, so waiting for a
 * process that is not our child needs no polling.
 */
final class Pidfd implements AutoCloseable {
    private static final long SYS_PIDFD_SEND_SIGNAL = 424, SYS_PIDFD_OPEN = 434; // x86_64
    private static final short POLLIN = 1;

    private final int fd;

    private Pidfd(int fd) {
        this.fd = fd;
    }

    /** A pidfd for the process now at {@code pid}, or empty when there is none. */
    static Optional<Pidfd> open(int pid) {
        long fd = Sys.C.syscall(SYS_PIDFD_OPEN, pid, 0);
        if (fd < 0) {
            int errno = Sys.errno();
            if (errno == Errno.ESRCH) return Optional.empty();
            throw new SysException("pidfd_open " + pid, errno);
        }
        return Optional.of(new Pidfd((int) fd));
    }

    /** Sends {@code signal}; false when the process has exited already. */
    boolean signal(int signal) {
        if (Sys.C.syscall(SYS_PIDFD_SEND_SIGNAL, fd, signal, 0, 0) == 0) return true;
        int errno = Sys.errno();
        if (errno == Errno.ESRCH) return false;
        throw new SysException("pidfd_send_signal " + signal, errno);
    }

    boolean exited() {
        return awaitExit(Duration.ZERO);
    }

    /** Waits until the process exits, at most {@code timeout}; true when it has. */
    boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer pfd = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        for (;;) {
            pfd.clear();
            pfd.putInt(0, fd).putShort(4, POLLIN).putShort(6, (short) 0);
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            int n = Sys.C.poll(pfd, 1, (int) Math.min(left, Integer.MAX_VALUE));
            if (n > 0) return true;
            if (n == 0) return false;
            if (Sys.errno() != Errno.EINTR) throw new SysException("poll pidfd", Sys.errno());
        }
    }

    /**
     * Waits until every process exits, at most {@code timeout}, with one poll(2) over all their
     * pidfds at a time; returns those still running (empty when all have exited).
     */
    static List<Pidfd> awaitAllExit(List<Pidfd> pidfds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Pidfd> running = new ArrayList<>(pidfds);
        while (!running.isEmpty()) {
            ByteBuffer pfds = ByteBuffer.allocateDirect(8 * running.size()).order(ByteOrder.nativeOrder());
            for (int i = 0; i < running.size(); i++) pfds.putInt(8 * i, running.get(i).fd).putShort(8 * i + 4, POLLIN).putShort(8 * i + 6, (short) 0);
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            int n = Sys.C.poll(pfds, running.size(), (int) Math.min(left, Integer.MAX_VALUE));
            if (n < 0 && Sys.errno() != Errno.EINTR) throw new SysException("poll pidfds", Sys.errno());
            if (n == 0) return running;
            List<Pidfd> still = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) if (pfds.getShort(8 * i + 6) == 0) still.add(running.get(i));
            running = still;
        }
        return running;
    }

    @Override
    public void close() {
        Sys.close(fd);
    }
}
