package io.nslab.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Namespace files: a /proc/PID/ns/KIND link, or a bind mount of one that keeps the namespace
 * alive without a process (/run/netns/NAME, a node's pin). A namespace is its inode: two files
 * with the same inode (on nsfs) are the same namespace, whatever their paths.
 */
public final class NsFiles {
    private NsFiles() {}

    /** The inode of the namespace behind {@code file} (stat follows a /proc link to nsfs). */
    public static long inode(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #inode}, or null if there is no such file (or it cannot be read). */
    public static Long inodeOrNull(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The inode a /proc/PID/ns/KIND link names ("net:[4026531840]"), read from the link's text:
     * cheaper than a stat when walking every process. Null if the process is gone, is a kernel
     * thread, or is not ours to read.
     */
    public static Long linkInode(Path link) {
        try {
            String text = Files.readSymbolicLink(link).toString();
            return Long.parseLong(text.substring(text.indexOf('[') + 1, text.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Unpins a namespace: unmounts the bind mount at {@code file} (lazily) and removes the file.
     * Tolerates a file or mount already gone. {@code what} names it in errors.
     */
    public static void unpin(Path file, String what) {
        int r = Sys.C.umount2(Sys.cString(file.toString()), Sys.MNT_DETACH);
        if (r < 0) {
            int errno = Sys.errno();
            // EINVAL: not a mount point (never pinned, or a leftover file); ENOENT: nothing there.
            if (errno != Errno.EINVAL && errno != Errno.ENOENT) throw new SysException(what, errno);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new SysException(what + ": " + e.getMessage(), Errno.EBUSY);
        }
    }
}
