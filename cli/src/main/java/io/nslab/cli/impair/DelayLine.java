package io.nslab.cli.impair;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.nslab.sys.Sys;
import io.nslab.netlink.tap.PacketSender;

/**
 * netem's delay and loss, in user space, for kernels without netem. The frames a link sends are
 * redirected to a tap (see {@link Fallback}); this reads them from the tap, drops each with the
 * loss probability, holds the rest for the delay plus a uniform jitter in [-jitter, +jitter]
 * (netem's default distribution; so, like netem, jitter reorders), and sends them out of the
 * link again, marked so the redirect lets them pass. At most {@link #LIMIT} frames are held
 * (netem's default limit); more are dropped. Settings change on the fly, keeping the frames held.
 */
public final class DelayLine implements AutoCloseable {
    public record Settings(long delayMicros, long jitterMicros, double loss) {}

    static final int LIMIT = 1000;
    private static final int POLLIN = 1;
    private static final int SCHED_FIFO = 1;
    private static final int FRAME_MAX = 65536;

    private final String name;
    private final int tapFd;
    private final PacketSender out;
    private final DelayQueue<Held> held = new DelayQueue<>();
    private final SplittableRandom random = new SplittableRandom();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong received = new AtomicLong(), dropped = new AtomicLong(), sent = new AtomicLong();
    private volatile Settings settings;
    private volatile boolean stopping;
    private final Thread reader, sender;

    /** Starts reading {@code tapFd} (non-blocking; this line closes it) and sending through {@code out}. */
    public DelayLine(String name, int tapFd, PacketSender out, Settings settings) {
        this.name = name;
        this.tapFd = tapFd;
        this.out = out;
        this.settings = settings;
        reader = new Thread(this::readFrames, "delay-in-" + name);
        sender = new Thread(this::sendFrames, "delay-out-" + name);
        reader.setDaemon(true);
        sender.setDaemon(true);
        reader.start();
        sender.start();
    }

    public String name() { return name; }

    public Settings settings() { return settings; }

    public void update(Settings next) { settings = next; }

    /** Frames read, dropped (loss or a full line), sent: since the line started. */
    public long[] counts() { return new long[] {received.get(), dropped.get(), sent.get()}; }

    /**
     * Puts the calling thread in the real-time class (SCHED_FIFO, the lowest priority), so it wakes
     * on time on a loaded machine: netem runs in the kernel's timer interrupt; a plain thread here
     * was measured late by 2 ms at the median with a load of 25 on 2 cores (ImpairLabTest). The
     * threads sleep but for a few microseconds a frame, so they take nothing from anyone else.
     * Best effort: without the privilege the line still works, less precisely.
     */
    static boolean realtime() {
        java.nio.ByteBuffer param = Sys.intBuffer(1);
        return Sys.C.sched_setscheduler(0, SCHED_FIFO, param) == 0;
    }

    private void readFrames() {
        realtime();
        ByteBuffer frame = ByteBuffer.allocateDirect(FRAME_MAX);
        ByteBuffer pollFd = ByteBuffer.allocateDirect(8).order(java.nio.ByteOrder.nativeOrder());
        while (!stopping) {
            pollFd.putInt(0, tapFd).putShort(4, (short) POLLIN).putShort(6, (short) 0);
            if (Sys.C.poll(pollFd, 1, 100) <= 0) continue; // the timeout lets close() stop the thread
            while (true) {
                long n = Sys.C.read(tapFd, frame, FRAME_MAX);
                if (n <= 0) break; // EAGAIN: nothing more for now
                long now = System.nanoTime();
                received.incrementAndGet();
                Settings s = settings;
                if ((s.loss() > 0 && random.nextDouble() < s.loss()) || held.size() >= LIMIT) {
                    dropped.incrementAndGet();
                    continue;
                }
                long delay = s.delayMicros();
                if (s.jitterMicros() > 0) delay += random.nextLong(-s.jitterMicros(), s.jitterMicros() + 1);
                byte[] copy = new byte[(int) n];
                frame.get(0, copy);
                held.add(new Held(now + Math.max(0, delay) * 1000, sequence.incrementAndGet(), copy));
            }
        }
    }

    private void sendFrames() {
        realtime();
        ByteBuffer frame = ByteBuffer.allocateDirect(FRAME_MAX);
        while (!stopping) {
            Held h;
            try {
                h = held.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (h == null) continue;
            frame.clear();
            frame.put(0, h.frame()).limit(h.frame().length);
            if (out.send(frame)) sent.incrementAndGet();
            else dropped.incrementAndGet();
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            reader.join(2000);
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sys.close(tapFd);
        out.close();
    }

    private record Held(long releaseNanos, long seq, byte[] frame) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(releaseNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Held o = (Held) other;
            int c = Long.compare(releaseNanos, o.releaseNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
