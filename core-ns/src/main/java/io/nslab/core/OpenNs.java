package io.nslab.core;

import io.nslab.netlink.sys.Sys;

/**
 * An open namespace file. While it is open the namespace lives (like a pin, but only for as
 * long as this JVM holds the descriptor), and the calling thread can join it.
 */
public final class OpenNs implements AutoCloseable {
    private final NsRef ref;
    private int fd;

    private OpenNs(NsRef ref, int fd) {
        this.ref = ref;
        this.fd = fd;
    }

    public static OpenNs open(NsRef ref) {
        return new OpenNs(ref, Sys.open(ref.path(), Sys.O_RDONLY));
    }

    public NsRef ref() { return ref; }

    public int fd() { return fd; }

    /**
     * Moves the calling thread into this namespace, for good: only for a thread that dies
     * afterwards or lives in it (see {@link NsCall}). A user namespace cannot be joined by a
     * thread of a multithreaded process such as the JVM: the kernel refuses it.
     */
    public void enterThisThread() {
        if (ref.kind() == NsKind.USER) throw new IllegalArgumentException("a JVM thread cannot join a user namespace (the JVM is multithreaded)");
        // A thread shares its root and working directory with the others until it unshares them.
        if (ref.kind() == NsKind.MNT) Sys.unshare(Sys.CLONE_FS);
        Sys.setns(fd, ref.kind().cloneFlag(), ref.display() + " at " + ref.path());
    }

    @Override
    public void close() {
        Sys.close(fd);
        fd = -1;
    }
}
