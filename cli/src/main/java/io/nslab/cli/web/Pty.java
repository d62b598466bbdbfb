package io.nslab.cli.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.nslab.sys.LibC;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;

/**
 * A pseudo-terminal made here (openpty, by hand: /dev/ptmx, unlock, its number): the master
 * stays in this JVM, the slave, named by {@link #slavePath()}, becomes a process's stdin,
 * stdout and stderr. One thread reads the master ({@link #read}), and it alone closes it: a
 * close from another thread would not end a read blocked on it.
 */
final class Pty {
    private static final long TIOCSWINSZ = 0x5414, TIOCGPTN = 0x80045430L, TIOCSPTLCK = 0x40045431L;
    private static final int O_NOCTTY = 0400, POLLIN = 1, EINTR = 4, EAGAIN = 11;
    private static final LibC C = LibC.INSTANCE;

    private final int master;
    private final String slavePath;
    private final ByteBuffer pollFd = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private final ByteBuffer in = ByteBuffer.allocateDirect(16384);
    private final ByteBuffer out = ByteBuffer.allocateDirect(16384);
    private volatile boolean closing;
    private boolean closed;

    private Pty(int master, String slavePath) {
        this.master = master;
        this.slavePath = slavePath;
    }

    static Pty open(int cols, int rows) {
        int fd = Sys.open("/dev/ptmx", Sys.O_RDWR | O_NOCTTY);
        try {
            Sys.check(C.ioctl(fd, TIOCSPTLCK, Sys.intBuffer(0)), "unlock a pseudo-terminal");
            ByteBuffer number = Sys.intBuffer(0);
            Sys.check(C.ioctl(fd, TIOCGPTN, number), "name a pseudo-terminal");
            Pty pty = new Pty(fd, "/dev/pts/" + number.getInt(0));
            pty.resize(cols, rows);
            return pty;
        } catch (SysException e) {
            C.close(fd);
            throw e;
        }
    }

    String slavePath() { return slavePath; }

    /** The window size the program sees (it learns of a change by SIGWINCH, sent by the caller). */
    synchronized void resize(int cols, int rows) {
        if (closed) return;
        ByteBuffer size = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        size.putShort(0, (short) clamp(rows)).putShort(2, (short) clamp(cols));
        C.ioctl(master, TIOCSWINSZ, size);
    }

    private static int clamp(int n) { return Math.max(1, Math.min(n, 1000)); }

    /**
     * What the program wrote, or null once it is over: every holder of the slave has closed it
     * (EIO), or {@link #close} was asked for. Then the master is closed, which hangs up the
     * slave if anyone still holds it. Wakes up every 200 ms to see whether to close.
     */
    byte[] read() {
        while (true) {
            if (closing) {
                closeMaster();
                return null;
            }
            pollFd.putInt(0, master).putShort(4, (short) POLLIN).putShort(6, (short) 0);
            int ready = C.poll(pollFd, 1, 200);
            if (ready == 0 || ready < 0 && Sys.errno() == EINTR) continue;
            in.clear();
            long n = C.read(master, in, in.capacity());
            if (n > 0) {
                byte[] bytes = new byte[(int) n];
                in.get(0, bytes);
                return bytes;
            }
            if (n < 0 && (Sys.errno() == EINTR || Sys.errno() == EAGAIN)) continue;
            closeMaster(); // EIO: the program and nslab-init have gone
            return null;
        }
    }

    /** Types BYTES into the terminal. */
    synchronized void write(byte[] bytes) {
        for (int off = 0; off < bytes.length && !closed; ) {
            int n = Math.min(out.capacity(), bytes.length - off);
            out.clear();
            out.put(0, bytes, off, n);
            long written = C.write(master, out, n);
            if (written < 0 && Sys.errno() != EINTR) return;
            if (written > 0) off += (int) written;
        }
    }

    /** Asks the reading thread to close the master (within 200 ms). */
    void close() { closing = true; }

    private synchronized void closeMaster() {
        if (closed) return;
        closed = true;
        C.close(master);
    }
}
