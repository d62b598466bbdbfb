package io.nslab.cli.cp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.nslab.core.NsCall;
import io.nslab.core.NsKind;
import io.nslab.core.NsRef;
import io.nslab.core.ProcessStamp;

/**
 * {@code nslab cp}: a tree copied between the machine and a node's own view of its files (its
 * overlay or directory root, its mounts), as {@code docker cp} does. The node's side runs on a
 * thread that joined the node's mount namespace ({@link NsCall}), where "/" is the node's root:
 * its paths and symbolic links resolve there and cannot lead to the machine's files (reading the
 * node's files through /proc/PID/root would follow a link the node made to the machine's /etc).
 * The machine's side runs on the calling thread. Between the two, a short queue of
 * {@link Entry}s, each file's contents an open channel: at most {@value #IN_FLIGHT} files open
 * at once, whatever the tree's size.
 */
public final class NodeCopy {
    private NodeCopy() {}

    static final int IN_FLIGHT = 16;

    /** Copies {@code nodePath} of the node whose init is {@code init} to {@code local}; what was not copied goes to {@code skipped}. */
    public static void out(ProcessStamp init, Path nodePath, Path local, Consumer<String> skipped) throws IOException {
        copy(init, true, nodePath, local, skipped);
    }

    /** Copies {@code local} into the node, at {@code nodePath}. */
    public static void in(ProcessStamp init, Path local, Path nodePath, Consumer<String> skipped) throws IOException {
        copy(init, false, local, nodePath, skipped);
    }

    private static void copy(ProcessStamp init, boolean readInNode, Path from, Path to, Consumer<String> skipped) throws IOException {
        BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
        AtomicBoolean stop = new AtomicBoolean();
        String name = from.getFileName() == null ? "root" : from.getFileName().toString();
        IoTask reader = () -> {
            try {
                TreeReader.read(from, e -> put(queue, e, stop), skipped);
                put(queue, Entry.END, stop);
            } catch (IOException e) {
                put(queue, Entry.failed(e), stop);
            } catch (RuntimeException e) {
                put(queue, Entry.failed(new IOException(e.getMessage(), e)), stop);
            }
        };
        IoTask writer = () -> {
            TreeWriter tree = new TreeWriter(to, name);
            for (;;) {
                Entry e = take(queue);
                if (e.kind() == Entry.Kind.END) break;
                if (e.kind() == Entry.Kind.FAILED) throw e.failure();
                tree.write(e);
            }
            tree.finish();
        };
        // The reader on a thread of its own, the writer here; whichever is the node's joins its mount namespace.
        Thread readerThread = new Thread(() -> run(readInNode ? inNode(init, reader) : reader), "nslab-cp-read");
        readerThread.setDaemon(true);
        readerThread.start();
        try {
            (readInNode ? writer : inNode(init, writer)).run();
        } finally {
            stop.set(true);
            for (Entry left; (left = queue.poll()) != null; ) if (left.data() != null) left.data().close();
        }
    }

    /** Work that may throw IOException, run as is or on a thread inside the node's mount namespace. */
    private interface IoTask { void run() throws IOException; }

    private static IoTask inNode(ProcessStamp init, IoTask task) {
        return () -> {
            try {
                NsCall.call(List.of(NsRef.ofProcess(init.pid(), NsKind.MNT)), () -> {
                    task.run();
                    return null;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (IllegalStateException e) { // how NsCall passes on what the task threw
                if (e.getCause() instanceof IOException io) throw io;
                throw e;
            }
        };
    }

    private static void run(IoTask task) {
        try {
            task.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(BlockingQueue<Entry> queue, Entry e, AtomicBoolean stop) {
        try {
            while (!queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                if (stop.get()) throw new IllegalStateException("the copy stopped");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static Entry take(BlockingQueue<Entry> queue) throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
