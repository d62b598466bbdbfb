package io.nslab.cli.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.nslab.topology.plan.Plan;

/**
 * A capture of every interface of a lab ({@code --all}) into a pcapng file, on a thread of its
 * own while this process does something else: {@code nslab test --capture DIR} records each
 * lab's run this way, for grading and as a CI artefact.
 */
public final class BackgroundCapture {
    private final Capture capture;
    private final Thread thread;
    private final AtomicReference<List<TapCount>> counts = new AtomicReference<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private BackgroundCapture(Capture capture, Path file) throws IOException {
        this.capture = capture;
        PcapngSink sink = new PcapngSink(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), capture.taps(),
                capture.snaplen(), false);
        this.thread = new Thread(() -> {
            try {
                counts.set(capture.run(sink, Capture.Limits.NONE, () -> false));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "nslab-capture");
        thread.setDaemon(true);
    }

    /** Starts capturing every interface of {@code plan}'s lab into {@code file}. */
    public static BackgroundCapture start(Plan plan, Path file, int snaplen) {
        Capture capture = Capture.open(new Targets(plan).all(), null, snaplen);
        try {
            BackgroundCapture c = new BackgroundCapture(capture, file);
            c.thread.start();
            return c;
        } catch (IOException e) {
            capture.close();
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Ends the capture, its file complete; returns what each interface got. Idempotent. */
    public synchronized List<TapCount> stop() {
        capture.stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        capture.close();
        if (failure.get() != null) throw failure.get();
        return counts.get();
    }
}
