package io.nslab.cli.capture;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.state.JournalEntry;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;

/**
 * {@code nslab capture} as a process of the lab: recorded in the lab's journal (so {@code down}
 * stops it, by PID and start time, before it removes the namespaces, and the file it writes
 * ends whole), ended cleanly by SIGINT or SIGTERM (a shutdown hook stops the loop and waits for
 * the last blocks), and ended on its own when the lab's state is gone.
 */
public final class CaptureRun {
    private final Capture capture;
    private final StateDir state;
    private final PrintWriter err;
    private final CountDownLatch finished = new CountDownLatch(1);

    /** {@code err}: where the closing report goes (before a signal's shutdown lets the JVM end). */
    public CaptureRun(Capture capture, StateDir state, PrintWriter err) {
        this.capture = capture;
        this.state = state;
        this.err = err;
    }

    /** Records this process in the lab's journal and turns Ctrl-C (and down's SIGTERM) into a clean end. */
    public void register() {
        ProcessStamp.of((int) ProcessHandle.current().pid()).ifPresent(me -> {
            try (Journal journal = Journal.append(state.journal())) {
                journal.record(new JournalEntry.Started(JournalEntry.CAPTURE, me).line());
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            capture.stop();
            try {
                finished.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nslab-capture-stop"));
    }

    /** One summary line per packet on {@code out}. */
    public List<TapCount> lines(PrintWriter out, Capture.Limits limits) {
        return run(new SummarySink(out, capture.taps()), limits);
    }

    /** One JSON object per packet on {@code out}, and one with the counts at the end. */
    public List<TapCount> json(PrintWriter out, Capture.Limits limits) {
        return run(new JsonSink(out, capture.taps()), limits);
    }

    /** pcapng on {@code out} ({@code flushEachPacket}: a stream read live). */
    public List<TapCount> pcapng(java.nio.channels.WritableByteChannel out, boolean flushEachPacket, Capture.Limits limits) {
        return run(new PcapngSink(out, capture.taps(), snaplen(), flushEachPacket), limits);
    }

    private int snaplen() {
        return capture.snaplen();
    }

    private List<TapCount> run(Sink sink, Capture.Limits limits) {
        try {
            List<TapCount> counts = capture.run(sink, limits, () -> !Files.isRegularFile(state.journal()));
            err.println(report(counts));
            err.flush();
            return counts;
        } finally {
            finished.countDown();
        }
    }

    /** The counts for scripts: {"type": "end", "captured", "dropped", "interfaces": [{"interface", "captured", "received", "dropped"}]}. */
    public static ObjectNode reportJson(List<TapCount> counts) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "end")
                .put("captured", counts.stream().mapToLong(TapCount::written).sum())
                .put("dropped", counts.stream().mapToLong(TapCount::dropped).sum());
        ArrayNode each = o.putArray("interfaces");
        for (TapCount c : counts) {
            each.addObject().put("interface", c.tap().name()).put("captured", c.written()).put("received", c.received())
                    .put("dropped", c.dropped());
        }
        return o;
    }

    /** "2000 packets captured (web:eth0 2000), 0 dropped by the kernel". */
    public static String report(List<TapCount> counts) {
        long written = counts.stream().mapToLong(TapCount::written).sum();
        long dropped = counts.stream().mapToLong(TapCount::dropped).sum();
        StringBuilder per = new StringBuilder();
        for (TapCount c : counts) per.append(per.length() == 0 ? "" : ", ").append(c.tap().name()).append(' ').append(c.written());
        return "nslab capture: " + written + " packets captured (" + per + "), " + dropped + " dropped by the kernel";
    }
}
