package io.nslab.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nslab.sys.NsFiles;
import io.nslab.sys.Sys;

/**
 * Keeps a namespace alive without a process in it: a bind mount of its {@code /proc/.../ns}
 * file onto an ordinary file, as {@code ip netns add} does under {@code /run/netns}. The
 * namespace then lives until the mount is gone ({@link #release}) and no process or open file
 * descriptor holds it.
 */
public final class NsPin {
    private NsPin() {}

    /** Pins {@code ns} at {@code file} (created empty if missing) and returns the pinned ref. */
    public static NsRef pin(NsRef ns, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("create " + file + ": " + e.getMessage(), e);
        }
        Sys.mount(ns.path(), file.toString(), null, Sys.MS_BIND);
        NsRef pinned = NsRef.of(ns.kind(), file.toString());
        if (!pinned.sameAs(ns)) throw new IllegalStateException(file + " does not hold " + ns.display() + " after the bind mount");
        return pinned;
    }

    /** Unpins: unmounts and removes {@code file}. Tolerates a file or mount already gone. */
    public static void release(Path file) {
        NsFiles.unpin(file, "umount " + file);
    }
}
