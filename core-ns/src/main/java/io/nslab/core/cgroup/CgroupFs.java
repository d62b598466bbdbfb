package io.nslab.core.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.nslab.sys.Sys;

/**
 * The file operations of a cgroup tree, the same in v1 and v2: a cgroup is a directory
 * ({@code mkdir} makes one, {@code rmdir} removes it once no process is in it), its settings
 * and counters are files, and its mark is an extended attribute.
 */
final class CgroupFs {
    /** The extended attribute (user.nslab.mark) that holds a lab's mark: names prove nothing, as for namespaces. */
    static final String MARK = "nslab.mark";
    private static final int SIGKILL = 9;
    /** How long removing a cgroup waits for the processes it killed to leave it. */
    private static final long REMOVE_WAIT_NANOS = 5_000_000_000L;

    private CgroupFs() {}

    /** A cgroup's parent path ("nslab/lab" of "nslab/lab/web"); "" for one right below the root. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** mkdir; false when it exists already. */
    static boolean mkdir(Path dir) {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new CgroupException("mkdir " + dir + ": " + reason(e), e);
        }
    }

    /**
     * mkdir of {@code path} below {@code root}, its parents too when missing (tried last: a
     * node's parents are there already); false when {@code path} itself exists. A parent removed
     * meanwhile by another lab's down (the shared nslab/ when it was empty) is made again.
     */
    static boolean mkdirs(Path root, String path) {
        Path dir = root.resolve(path);
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Files.createDirectory(dir);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (NoSuchFileException e) {
                String[] parts = path.split("/");
                Path at = root;
                for (int i = 0; i < parts.length - 1; i++) mkdir(at = at.resolve(parts[i]));
            } catch (IOException e) {
                throw new CgroupException("mkdir " + dir + ": " + reason(e), e);
            }
        }
        throw new CgroupException("mkdir " + dir + ": its parent keeps disappearing");
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new CgroupException("echo " + value + " > " + file + ": " + reason(e), e);
        }
    }

    /** A file's content, stripped; null when it does not exist (no such controller here). */
    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CgroupException("read " + file + ": " + reason(e), e);
        }
    }

    static void mark(Path dir, String text) {
        try {
            Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class).write(MARK, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new CgroupException("setfattr -n user." + MARK + " " + dir + ": " + reason(e), e);
        }
    }

    static Optional<String> mark(Path dir) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
            if (!view.list().contains(MARK)) return Optional.empty();
            ByteBuffer b = ByteBuffer.allocate(view.size(MARK));
            view.read(MARK, b);
            return Optional.of(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The child cgroups of {@code dir} (directories), empty when it does not exist. */
    static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new CgroupException("list " + dir + ": " + reason(e), e);
        }
        return out;
    }

    /**
     * Removes a cgroup and those below it, deepest first. A cgroup with a process in it cannot
     * be removed (EBUSY): whatever is left in it (what a killed up started but never journaled)
     * is killed, through {@code cgroup.kill} where the kernel has it (v2, 5.14), else by the
     * PIDs in {@code cgroup.procs}, and the rmdir is tried again until it is gone. A zombie does
     * not hold its cgroup: the kernel takes a process out of it when it exits, before it is reaped.
     * Tolerates a cgroup already gone.
     */
    static void removeTree(Path dir) {
        long deadline = System.nanoTime() + REMOVE_WAIT_NANOS;
        for (int attempt = 0; ; attempt++) {
            try {
                Files.delete(dir); // the common case first: a node's cgroup, empty and without children
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (DirectoryNotEmptyException e) {
                // a fake tree (tests): the kernel's files are not files
                throw new CgroupException("rmdir " + dir + ": not a cgroup (it holds files)", e);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new CgroupException("rmdir " + dir + ": " + reason(e) + " (processes still in it: " + read(dir.resolve("cgroup.procs")) + ")", e);
                }
                if (attempt > 0) sleep(attempt < 10 ? 2 : 20);
                for (Path child : children(dir)) removeTree(child);
                killAll(dir);
            }
        }
    }

    /** SIGKILL to every process in the cgroup. */
    static void killAll(Path dir) {
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            write(kill, "1");
            return;
        }
        String procs = read(dir.resolve("cgroup.procs"));
        if (procs == null || procs.isEmpty()) return;
        // A PID read here is in the cgroup (a node of the lab's): reused within the microseconds
        // before the kill only after the kernel wrapped around every PID, as in Undo's stray kill.
        for (String pid : procs.split("\n")) Sys.C.kill(Integer.parseInt(pid.strip()), SIGKILL);
    }

    /** The PIDs in {@code cgroup.procs}. */
    static List<Integer> procs(Path dir) {
        String procs = read(dir.resolve("cgroup.procs"));
        List<Integer> out = new ArrayList<>();
        if (procs != null) for (String pid : procs.split("\n")) if (!pid.isBlank()) out.add(Integer.parseInt(pid.strip()));
        return out;
    }

    /** rmdir when empty; false when it still has children or processes (another lab uses it). */
    static boolean removeIfEmpty(Path dir) {
        try {
            Files.delete(dir);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The kernel's reason, as strerror says it ("Device or resource busy"), without the path. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while removing a cgroup");
        }
    }
}
