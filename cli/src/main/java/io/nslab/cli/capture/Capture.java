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
import io.nslab.topology.plan.Netns;

/**
 * A capture on some taps of a running lab: one packet socket per tap, each opened in the tap's
 * namespace, all read by one thread through poll(2), in the order they arrive, into a
 * {@link Sink}. It ends when asked ({@link #stop}), after {@code count} packets, at the
 * deadline, or when the lab is gone ({@code labGone}, looked at a few times a second, or
 * every tap's interface removed); the sink then gets the kernel's counts and is closed, so a
 * file ends with whole blocks.
 */
public final class Capture implements AutoCloseable {
    /** How often an idle capture looks whether it should end. */
    private static final int TICK_MS = 200;
    private static final short POLLIN = 1;
    /** Packets read from one socket before the others get their turn. */
    private static final int BATCH = 64;

    public record Limits(long count, Duration duration) {
        public static final Limits NONE = new Limits(0, null);
    }

    /** A packet read in this round of poll, kept until the round's packets are put in order. */
    private record Held(int tap, PacketSocket.Received packet, byte[] data) {}

    private final List<Tap> taps;
    private final List<PacketSocket> sockets = new ArrayList<>();
    private final int snaplen;
    private volatile boolean stopping;

    private Capture(List<Tap> taps, int snaplen) {
        this.taps = List.copyOf(taps);
        this.snaplen = snaplen;
    }

    /** Opens a socket on every tap ({@code filter}: null for every packet). */
    public static Capture open(List<Tap> taps, Program filter, int snaplen) {
        Capture c = new Capture(taps, snaplen);
        try {
            for (Tap t : taps) {
                c.sockets.add(InNamespace.call(Netns.path(t.netns()), () -> PacketSocket.open(t.ifname(), filter)));
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
            long[] written = new long[taps.size()];
            long total = 0;
            long deadline = limits.duration() == null ? Long.MAX_VALUE : System.nanoTime() + limits.duration().toNanos();
            long nextLook = 0;
            ByteBuffer fds = ByteBuffer.allocateDirect(8 * sockets.size()).order(ByteOrder.nativeOrder());
            ByteBuffer data = ByteBuffer.allocateDirect(snaplen);
            List<Held> round = new ArrayList<>();
            outer:
            while (!stopping) {
                long now = System.nanoTime();
                if (now >= deadline) break;
                if (now >= nextLook) {
                    if (labGone.getAsBoolean() || sockets.stream().allMatch(PacketSocket::gone)) break;
                    nextLook = now + TICK_MS * 1_000_000L;
                }
                for (int i = 0; i < sockets.size(); i++) fds.putInt(8 * i, sockets.get(i).fd()).putShort(8 * i + 4, POLLIN).putShort(8 * i + 6, (short) 0);
                int wait = (int) Math.max(1, Math.min(TICK_MS, (deadline - now) / 1_000_000L + 1));
                if (Sys.C.poll(fds, sockets.size(), wait) <= 0) continue;
                // What every socket holds now, written in the order the kernel stamped it: packets
                // of one exchange seen on several interfaces read as they happened.
                round.clear();
                for (int i = 0; i < sockets.size(); i++) {
                    if (fds.getShort(8 * i + 6) == 0) continue;
                    PacketSocket s = sockets.get(i);
                    for (int n = 0; n < BATCH; n++) {
                        PacketSocket.Received p = s.receive(data);
                        if (p == null) break;
                        byte[] copy = new byte[p.kept()];
                        data.get(0, copy);
                        round.add(new Held(i, p, copy));
                    }
                }
                round.sort(Comparator.comparingLong(h -> h.packet().epochNanos()));
                for (Held h : round) {
                    sink.packet(h.tap(), h.packet(), ByteBuffer.wrap(h.data()));
                    written[h.tap()]++;
                    if (limits.count() > 0 && ++total >= limits.count()) break outer;
                }
            }
            List<TapCount> counts = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                PacketSocket.Statistics st = sockets.get(i).statistics();
                counts.add(new TapCount(taps.get(i), written[i], st.packets(), st.drops()));
            }
            sink.end(counts);
            return counts;
        }
    }

    @Override
    public void close() {
        for (PacketSocket s : sockets) s.close();
        sockets.clear();
    }
}
