package io.nslab.cli.cp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * Reads a tree (a file, a directory and all below it, or a symbolic link, never followed) into
 * {@link Entry}s, parents before children. Runs on the side the tree is on: inside the node's
 * mount namespace for {@code nslab cp NODE:PATH LOCAL}, so every path (and link) resolves in the
 * node's own view, and none can lead out of it.
 */
final class TreeReader {
    private TreeReader() {}

    /** Reads {@code top} into {@code sink}, which may block; what cannot be copied (a device, a socket) is said on {@code skipped}. */
    static void read(Path top, Consumer<Entry> sink, Consumer<String> skipped) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(top.toString());
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                sink.accept(new Entry(rel(top, dir), Entry.Kind.DIRECTORY, mode(dir), null, null));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = rel(top, file);
                if (attrs.isSymbolicLink()) {
                    sink.accept(new Entry(rel, Entry.Kind.LINK, 0777, Files.readSymbolicLink(file).toString(), null));
                } else if (attrs.isRegularFile()) {
                    FileChannel data = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    sink.accept(new Entry(rel, Entry.Kind.FILE, mode(file), null, data));
                } else {
                    skipped.accept(file + ": not a file, directory or symbolic link: not copied");
                }
                return FileVisitResult.CONTINUE;
            }
        }); // walkFileTree never follows links unless asked to
    }

    private static String rel(Path top, Path p) {
        return top.relativize(p).toString();
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
