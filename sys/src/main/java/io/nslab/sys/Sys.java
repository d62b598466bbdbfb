package io.nslab.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/** Checked wrappers: a negative return becomes a {@link SysException} naming errno. */
public final class Sys {
    public static final LibC C = LibC.INSTANCE;
    private static final Runtime RUNTIME = Runtime.getRuntime(C);

    // Clone flags, as setns/unshare take them.
    public static final int CLONE_FS = 0x00000200;
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    // open(2) flags.
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_CLOEXEC = 02000000;

    // mount(2) flags.
    public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REMOUNT = 32,
            MS_BIND = 4096, MS_REC = 16384, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;

    public static final int SIGKILL = 9, SIGTERM = 15;

    // fcntl(2) commands.
    public static final int F_DUPFD_CLOEXEC = 1030;
    // flock(2) operations.
    public static final int LOCK_EX = 2, LOCK_NB = 4;

    private static final long SYS_GETTID = 186; // x86_64

    private Sys() {}

    /** errno of the last failed call on this thread. */
    public static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /** Returns {@code ret}, or throws a {@link SysException} for "what" when it is negative. */
    public static int check(int ret, String what) {
        if (ret < 0) throw new SysException(what, errno());
        return ret;
    }

    public static long check(long ret, String what) {
        if (ret < 0) throw new SysException(what, errno());
        return ret;
    }

    /** {@code s} as a C string: a direct buffer of its UTF-8 bytes and a NUL; null stays null. */
    public static ByteBuffer cString(String s) {
        if (s == null) return null;
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(bytes.length + 1).put(bytes).put((byte) 0).flip();
    }

    /** A direct 4-byte buffer in native order holding {@code value}: a length passed in and out (socklen_t). */
    public static ByteBuffer intBuffer(int value) {
        return ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, value);
    }

    /** The C library's text for {@code errno}, e.g. "File exists". */
    public static String strerror(int errno) {
        long text = C.strerror(errno);
        return text == 0 ? "errno " + errno : RUNTIME.getMemoryManager().newPointer(text).getString(0);
    }

    public static int open(String path, int flags) {
        return check(C.open(cString(path), flags | O_CLOEXEC, 0), "open " + path);
    }

    public static void close(int fd) {
        if (fd >= 0) C.close(fd);
    }

    /** A new descriptor (close-on-exec) for the same open file. */
    public static int dup(int fd) {
        return check(C.fcntl(fd, F_DUPFD_CLOEXEC, 3), "dup fd " + fd);
    }

    public static void setns(int fd, int nstype, String what) {
        check(C.setns(fd, nstype), "setns " + what);
    }

    public static void unshare(int flags) {
        check(C.unshare(flags), "unshare");
    }

    public static void mount(String source, String target, String fstype, long flags) {
        check(C.mount(cString(source), cString(target), cString(fstype), flags, null), "mount " + target);
    }

    /** mount(2) with file-system options ({@code data}, e.g. "mode=0700" for a tmpfs). */
    public static void mount(String source, String target, String fstype, long flags, String data) {
        check(C.mount(cString(source), cString(target), cString(fstype), flags, cString(data)), "mount " + target);
    }

    public static void umount(String target, int flags) {
        check(C.umount2(cString(target), flags), "umount " + target);
    }

    /** True when nslab runs with effective uid 0, as building a lab needs (see {@link Euid}: no libc needed). */
    public static boolean isRoot() {
        return Euid.isRoot();
    }

    /** The kernel thread id of the calling thread (what /proc/thread-self points at). */
    public static int gettid() {
        return (int) C.syscall(SYS_GETTID);
    }
}
