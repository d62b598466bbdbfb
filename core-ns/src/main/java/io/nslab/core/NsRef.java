package io.nslab.core;

import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.nslab.sys.InNamespace;
import io.nslab.sys.NsFiles;

/**
 * A namespace as a value: its kind, its inode (what identifies it on the machine, the number
 * {@code ls -l /proc/PID/ns} shows) and a path that holds it (a {@code /proc/PID/ns/KIND}
 * link, or a bind mount made by {@link NsPin}). Two refs with the same kind and inode are the
 * same namespace, whatever their paths.
 */
public record NsRef(NsKind kind, long inode, String path) {
    /** The namespace the file at {@code path} stands for. */
    public static NsRef of(NsKind kind, String path) {
        try {
            // stat follows the /proc/PID/ns link to the namespace's own inode (on nsfs).
            return new NsRef(kind, NsFiles.inode(Path.of(path)), path);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("no " + kind.procName() + " namespace at " + path + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A namespace of the calling thread ({@code /proc/self/ns} would be the main thread's). */
    public static NsRef ofThread(NsKind kind) {
        return of(kind, "/proc/thread-self/ns/" + kind.procName());
    }

    /** A namespace of process {@code pid}, as the machine sees it. */
    public static NsRef ofProcess(int pid, NsKind kind) {
        return of(kind, "/proc/" + pid + "/ns/" + kind.procName());
    }

    /** Same namespace (kind and inode), whatever the paths. */
    public boolean sameAs(NsRef other) {
        return kind == other.kind && inode == other.inode;
    }

    /** What {@link InNamespace} joins. */
    public InNamespace.Target target() {
        return new InNamespace.Target(path, kind.cloneFlag());
    }

    /** As {@code ls -l /proc/PID/ns} shows it: {@code uts:[4026532281]}. */
    public String display() {
        return kind.procName() + ":[" + inode + "]";
    }
}
