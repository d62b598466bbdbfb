package io.nslab.cli.cp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Makes a tree of {@link Entry}s at a destination, as cp -r (and docker cp) would: into
 * {@code dest/NAME} when {@code dest} is a directory that exists, else at {@code dest} itself
 * (its parent must exist). Runs on the destination's side (inside the node's mount namespace for
 * {@code nslab cp LOCAL NODE:PATH}). Files are written without following a link at their
 * place; permission bits are kept (but set-user-ID and the like: a copy gains no privilege), a
 * directory's last, so a read-only one is still filled.
 */
final class TreeWriter {
    private final Path top;
    private final Deque<Map.Entry<Path, Integer>> directoryModes = new ArrayDeque<>();

    /** The place of the tree named {@code name} copied to {@code dest}. */
    TreeWriter(Path dest, String name) throws IOException {
        if (Files.isDirectory(dest)) {
            top = dest.resolve(name);
        } else {
            Path parent = dest.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) throw new NoSuchFileException(parent.toString(), null, "no such directory");
            top = dest;
        }
    }

    void write(Entry e) throws IOException {
        Path at = e.rel().isEmpty() ? top : top.resolve(e.rel());
        switch (e.kind()) {
            case DIRECTORY -> {
                if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(at.toString(), null, "not a directory");
                    Files.createDirectory(at);
                }
                directoryModes.push(Map.entry(at, e.mode()));
            }
            case LINK -> {
                Files.deleteIfExists(at);
                Files.createSymbolicLink(at, Path.of(e.link()));
            }
            case FILE -> {
                try (FileChannel in = e.data();
                     FileChannel out = FileChannel.open(at, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                             StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                    long size = in.size();
                    for (long done = 0; done < size; ) {
                        long n = in.transferTo(done, size - done, out);
                        if (n <= 0) break;
                        done += n;
                    }
                }
                Files.setPosixFilePermissions(at, permissions(e.mode()));
            }
            default -> throw new IllegalStateException(e.kind().toString());
        }
    }

    /** The directories' own modes, deepest first. */
    void finish() throws IOException {
        while (!directoryModes.isEmpty()) {
            Map.Entry<Path, Integer> d = directoryModes.pop();
            Files.setPosixFilePermissions(d.getKey(), permissions(d.getValue()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) if ((mode & (0400 >> i)) != 0) set.add(bits[i]);
        return set;
    }
}
