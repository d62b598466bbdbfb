package io.nslab.cli.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.nslab.cli.capture.bpf.Program;
import io.nslab.sys.InNamespace;
import io.nslab.sys.Sys;
import io.nslab.topology.plan.NetnsName;

/**
 * A capture on some taps of a running lab: one packet socket per tap, each opened in the tap's
 * namespace, all read by one thread through poll(2) into a {@link Sink}, each round's packets
 * in the order the kernel stamped them. It ends when asked ({@link #stop}), after {@code count} packets, at the
 * deadline, or when the lab is gone ({@code labGone}, looked at a few times a second, or
 * every tap's interface removed); the sink then gets the kernel's counts and is closed, so a
 * file ends with whole blocks.
 */
public final class Capture implements AutoCloseable {
    /** How often an idle capture looks whether it should end. */
    private static final int TICK_MS = 200;
    private static final short POLLIN = 1, POLLERR = 8;

    public record Limits(long count, Duration duration) {
        public static final Limits NONE = new Limits(0, null);
    }

    /** A packet read in this round of poll, kept (in its ring) until the round's packets are put in order. */
    private record Held(Taken block, PacketSocket.Received packet, ByteBuffer data) {}

    /**
     * A block of a tap's ring, given back to the kernel as soon as its last packet is written
     * rather than at the end of the round: the kernel drops what it cannot put in a free block,
     * and a round can hold the whole ring (libpcap gives each block back as it is done too).
     */
    private static final class Taken {
        final int tap;
        int block = -1, unwritten;
        boolean given;

        Taken(int tap) {
            this.tap = tap;
        }
    }

    private final List<Tap> taps;
    private final List<PacketSocket> sockets = new ArrayList<>();
    private final int snaplen;
    private final int retireMillis;
    private volatile boolean stopping;

    private Capture(List<Tap> taps, int snaplen) {
        this.taps = List.copyOf(taps);
        this.snaplen = snaplen;
        // How long a ring block waits for more packets before the kernel hands it over: short,
        // for a live view; longer with many taps, since the kernel's timer of each socket fires
        // that often even when nothing comes (--all on a 300-node lab: 600 sockets).
        this.retireMillis = Math.min(200, Math.max(8, taps.size()));
    }

    /** Opens a socket on every tap ({@code filter}: null for every packet, each kept up to {@code snaplen} bytes by the kernel). */
    public static Capture open(List<Tap> taps, Program filter, int snaplen) {
        Capture c = new Capture(taps, snaplen);
        int blocks = PacketSocket.blocksFor(taps.size());
        Program program = filter != null ? filter : Program.everything(snaplen);
        try {
            for (Tap t : taps) {
                c.sockets.add(InNamespace.call(NetnsName.path(t.netns()), () -> PacketSocket.open(t.ifname(), program, c.retireMillis, blocks)));
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public List<Tap> taps() { return taps; }

    int snaplen() { return snaplen; }

    /** Ends {@link #run} within a tick (from another thread: a signal handler, a test). */
    public void stop() { stopping = true; }

    /** Reads packets into {@code sink} until one of the ends; returns what each tap got. The sink is closed. */
    public List<TapCount> run(Sink sink, Limits limits, BooleanSupplier labGone) {
        try (sink) {
            Progress progress = new Progress(sink, limits, taps.size());
            long deadline = limits.duration() == null ? Long.MAX_VALUE : System.nanoTime() + limits.duration().toNanos();
            long nextLook = 0;
            ByteBuffer fds = ByteBuffer.allocateDirect(8 * sockets.size()).order(ByteOrder.nativeOrder());
            boolean lastLook = false;
            while (!progress.enough()) {
                long now = System.nanoTime();
                if (stopping || now >= deadline) {
                    lastLook = true;
                    break;
                }
                if (now >= nextLook) {
                    if (labGone.getAsBoolean() || sockets.stream().allMatch(PacketSocket::gone)) break;
                    nextLook = now + TICK_MS * 1_000_000L;
                }
                for (int i = 0; i < sockets.size(); i++) {
                    PacketSocket s = sockets.get(i);
                    fds.putInt(8 * i, s.gone() ? -1 : s.fd()).putShort(8 * i + 4, POLLIN).putShort(8 * i + 6, (short) 0);
                }
                int wait = (int) Math.max(1, Math.min(TICK_MS, (deadline - now) / 1_000_000L + 1));
                if (Sys.C.poll(fds, sockets.size(), wait) <= 0) continue;
                for (int i = 0; i < sockets.size(); i++) if ((fds.getShort(8 * i + 6) & POLLERR) != 0) sockets.get(i).error();
                // With several taps, one retire period more: the other taps' blocks holding packets
                // of the same moment are handed over by then, and the round is written in time order
                // (a ping seen on both nodes and the bridge reads as it happened).
                if (sockets.size() > 1) pause(retireMillis);
                round(progress);
            }
            if (lastLook) {
                // Asked to stop (Ctrl-C, down's SIGTERM) or out of time: packets that came in the
                // last moments sit in a block the kernel has not handed over yet. It does within one
                // retire period; one more round then keeps them (a ping answered just before Ctrl-C
                // is in the file, as with tcpdump). Not when the lab is gone: its sockets are too.
                pause(retireMillis + 2);
                round(progress);
            }
            List<TapCount> counts = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                PacketSocket.Statistics st = sockets.get(i).statistics();
                counts.add(new TapCount(taps.get(i), progress.written[i], st.packets(), st.drops()));
            }
            sink.end(counts);
            return counts;
        }
    }

    /** What a run has written so far, and whether its count is reached. */
    private static final class Progress {
        final Sink sink;
        final Limits limits;
        final long[] written;
        long total;

        Progress(Sink sink, Limits limits, int taps) {
            this.sink = sink;
            this.limits = limits;
            this.written = new long[taps];
        }

        boolean enough() { return limits.count() > 0 && total >= limits.count(); }
    }

    /** Reads every block the kernel has handed over, of every tap, and writes their packets in time order. */
    private void round(Progress progress) {
        List<Held> round = new ArrayList<>();
        List<Taken> taken = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            // At most the whole ring; each block is given back once its packets are written.
            for (int n = 0; n < sockets.get(i).blocks(); n++) {
                Taken t = new Taken(i);
                t.block = sockets.get(i).readBlock(snaplen, (p, d) -> {
                    round.add(new Held(t, p, d));
                    t.unwritten++;
                });
                if (t.block < 0) break;
                taken.add(t);
            }
        }
        round.sort(Comparator.comparingLong(h -> h.packet().epochNanos()));
        try {
            for (Taken t : taken) if (t.unwritten == 0) giveBack(t);
            for (Held h : round) {
                if (progress.enough()) break;
                Taken t = h.block();
                progress.sink.packet(t.tap, h.packet(), h.data());
                progress.written[t.tap]++;
                progress.total++;
                if (--t.unwritten == 0) giveBack(t);
            }
        } finally {
            for (Taken t : taken) giveBack(t);
        }
    }

    private void giveBack(Taken t) {
        if (t.given) return;
        t.given = true;
        sockets.get(t.tap).giveBack(t.block);
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (PacketSocket s : sockets) s.close();
        sockets.clear();
    }
}
