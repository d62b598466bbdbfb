package io.nslab.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The lock that makes two {@code up}s (or an {@code up} and a {@code down}) of one lab race
 * safely: whoever holds it may change the lab; the other is told so at once, never blocked.
 * It is a file lock in the lab's state directory, so the kernel drops it when its holder
 * dies, even by SIGKILL, and a crashed {@code up} never wedges the lab.
 */
public final class LabLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lab's lock, creating its state directory (0700) when needed; empty if another process holds it. */
    public static Optional<LabLock> tryAcquire(StateDir state) {
        try {
            createPrivateDir(state.dir());
            FileChannel channel = FileChannel.open(state.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                return Optional.of(new LabLock(channel, lock));
            } catch (OverlappingFileLockException e) { // held by this very JVM
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lock " + state.lock() + ": " + e.getMessage(), e);
        }
    }

    static void createPrivateDir(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another nslab made it first: fine, the lock decides who goes on
            }
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel drops the lock anyway
        }
    }
}
