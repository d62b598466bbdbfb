package io.nslab.netlink.ns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.nslab.sys.Errno;
import io.nslab.sys.NsFiles;
import io.nslab.sys.InNamespace;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;

/**
 * A network namespace, held open by a file descriptor (so it lives at least as long as this
 * object). Named namespaces are persisted the way {@code ip netns add} does it, as a bind
 * mount of the namespace file on {@code /run/netns/NAME}, so iproute2 sees them.
 *
 * <p>Namespaces belong to threads. Work inside one ({@link #call}) runs on a fresh platform
 * thread that joins it and then dies: no pooled thread is ever left in a foreign namespace.
 * A socket created there stays in the namespace and may be used from any thread.
 */
public final class NetNs implements AutoCloseable {
    public static final Path RUN_NETNS = Path.of("/run/netns");
    private static final Pattern NAME = Pattern.compile("[^/\\x00]{1,255}");

    private final String name;
    private final String path;
    private final int fd;
    private final long inode;
    private boolean closed;

    private NetNs(String name, String path, int fd) {
        this.name = name;
        this.path = path;
        this.fd = fd;
        this.inode = NsFiles.inode(Path.of("/proc/self/fd/" + fd));
    }

    /**
     * Creates a namespace and persists it as /run/netns/NAME. Throws EEXIST if that name is
     * taken. The new namespace has only a loopback interface, down.
     */
    public static NetNs create(String name) {
        return create(List.of(name)).get(0);
    }

    /**
     * Creates many namespaces, each persisted as /run/netns/NAME, and returns them opened, in
     * order. One fresh thread moves itself into each new namespace in turn, pins it and goes
     * on to the next, then dies: N namespaces cost one thread rather than N thread starts and
     * hand-offs (a few milliseconds each on a busy machine; about a millisecond per namespace
     * this way). On the first failure it stops and throws {@link NetNsCreateFailed}, which
     * says how many were made; those stay (delete them by name, as after a failed
     * {@link #create}).
     */
    public static List<NetNs> create(List<String> names) {
        makeRunNetnsShared();
        int[] made = {0};
        try {
            InNamespace.onFreshThread(() -> {}, () -> {
                for (String name : names) {
                    createHere(name);
                    made[0]++;
                }
                return null;
            });
        } catch (SysException e) {
            throw new NetNsCreateFailed(made[0], e);
        }
        return openAll(names);
    }

    /** Opens the namespaces persisted under these names, in order; none stays open if one cannot be. */
    public static List<NetNs> openAll(List<String> names) {
        List<NetNs> opened = new ArrayList<>(names.size());
        try {
            for (String name : names) opened.add(open(name));
        } catch (RuntimeException e) {
            opened.forEach(NetNs::close);
            throw e;
        }
        return opened;
    }

    /** Moves the calling thread into a new namespace and pins it as /run/netns/NAME (the file exclusively ours first). */
    private static void createHere(String name) {
        Path file = fileOf(name);
        Sys.close(Sys.check(Sys.C.open(Sys.cString(file.toString()), Sys.O_RDONLY | Sys.O_CREAT | Sys.O_EXCL | Sys.O_CLOEXEC, 0),
                "create netns " + name));
        try {
            Sys.check(Sys.C.unshare(Sys.CLONE_NEWNET), "create netns " + name);
            Sys.check(Sys.C.mount(Sys.cString("/proc/thread-self/ns/net"), Sys.cString(file.toString()), Sys.cString("none"), Sys.MS_BIND, null),
                    "create netns " + name + ": bind mount");
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The original failure is the one to report.
            }
            throw e;
        }
    }

    /** Opens the namespace persisted as /run/netns/NAME (ENOENT if there is none). */
    public static NetNs open(String name) {
        Path file = fileOf(name);
        int fd = Sys.check(Sys.C.open(Sys.cString(file.toString()), Sys.O_RDONLY | Sys.O_CLOEXEC, 0), "open netns " + name);
        return new NetNs(name, file.toString(), fd);
    }

    /** Opens the namespace file at a path, e.g. /proc/PID/ns/net. */
    public static NetNs openPath(String path) {
        int fd = Sys.check(Sys.C.open(Sys.cString(path), Sys.O_RDONLY | Sys.O_CLOEXEC, 0), "open netns " + path);
        return new NetNs(nameOf(path), path, fd);
    }

    /** Opens the namespace behind a descriptor the caller holds (the descriptor is duplicated, not taken). */
    public static NetNs openFd(int fd) {
        int copy = Sys.dup(fd);
        return new NetNs(null, procFdPath(copy), copy);
    }

    /** The calling thread's network namespace. */
    public static NetNs current() {
        int fd = Sys.open("/proc/thread-self/ns/net", Sys.O_RDONLY);
        return new NetNs(null, procFdPath(fd), fd);
    }

    /** True if /run/netns/NAME is a mounted namespace (not just a leftover file). */
    public static boolean exists(String name) {
        Path file = fileOf(name);
        if (!Files.exists(file)) return false;
        try {
            return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + file + " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Unmounts and removes /run/netns/NAME. Tolerates absence. The namespace itself goes away
     * when nothing else (a process, an open descriptor) holds it.
     */
    public static void delete(String name) {
        NsFiles.unpin(fileOf(name), "delete netns " + name);
    }

    /** The names under /run/netns, sorted. */
    public static List<String> list() {
        if (!Files.isDirectory(RUN_NETNS)) return List.of();
        try (Stream<Path> files = Files.list(RUN_NETNS)) {
            List<String> names = new ArrayList<>(files.map(p -> p.getFileName().toString()).toList());
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name under /run/netns, or null for a namespace opened otherwise. */
    public String name() { return name; }

    /**
     * A path that names this namespace: /run/netns/NAME, the path it was opened from, or
     * /proc/PID/fd/N (valid while this object is open) for one opened from a descriptor.
     */
    public String path() { return path; }

    /** The namespace's inode number: two NetNs are the same namespace iff their inodes are equal. */
    public long inode() { return inode; }

    /** The descriptor this object holds (for IFLA_NET_NS_FD and setns). */
    public int fd() {
        if (closed) throw new IllegalStateException("netns " + this + " is closed");
        return fd;
    }

    /** Runs {@code task} on a fresh platform thread inside this namespace, and returns its result. */
    public <T> T call(Callable<T> task) {
        int nsFd = fd();
        return InNamespace.onFreshThread(() -> Sys.setns(nsFd, Sys.CLONE_NEWNET, "netns " + this), task);
    }

    /** Like {@link #call}, without a result. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Sys.close(fd);
        }
    }

    @Override
    public String toString() {
        return name != null ? name : path;
    }

    /**
     * As `ip netns add` does: /run/netns is a shared mount point, so a namespace mounted there
     * shows in mount namespaces created later (a node's) and unmounts everywhere at once.
     */
    /**
     * /run/netns as {@code ip netns add} leaves it: a directory that is a mount point of its own,
     * shared, so that a namespace pinned in it is seen in every mount namespace that copied it.
     * Done before pinning there (here, and by nslab-init's netns mode).
     */
    public static void makeRunNetnsShared() {
        try {
            Files.createDirectories(RUN_NETNS);
        } catch (IOException e) {
            throw new SysException("create " + RUN_NETNS + ": " + e.getMessage(), Errno.EACCES);
        }
        String dir = RUN_NETNS.toString();
        for (boolean boundOnItself = false; ; boundOnItself = true) {
            if (Sys.C.mount(Sys.cString(""), Sys.cString(dir), Sys.cString("none"), Sys.MS_SHARED | Sys.MS_REC, null) == 0) return;
            int errno = Sys.errno();
            if (errno != Errno.EINVAL || boundOnItself) throw new SysException("make " + dir + " a shared mount", errno);
            // Not a mount point yet: make it one, then share it.
            Sys.mount(dir, dir, "none", Sys.MS_BIND | Sys.MS_REC);
        }
    }

    private static Path fileOf(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid netns name: '" + name + "'");
        }
        return RUN_NETNS.resolve(name);
    }

    private static String nameOf(String path) {
        Path p = Path.of(path);
        return p.getParent() != null && p.getParent().equals(RUN_NETNS) ? p.getFileName().toString() : null;
    }

    private static String procFdPath(int fd) {
        return "/proc/" + Sys.C.getpid() + "/fd/" + fd;
    }
}
