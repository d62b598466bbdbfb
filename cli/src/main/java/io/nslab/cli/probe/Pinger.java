package io.nslab.cli.probe;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nslab.sys.Errno;
import io.nslab.sys.InNamespace;
import io.nslab.sys.Sys;

/**
 * Many pings at once, without a process or a thread per ping: one raw ICMP socket per source
 * namespace (opened on a fresh thread inside it), every echo request sent at once, each told
 * apart by the socket's identifier and its own sequence number, then one poll(2) loop on the
 * calling thread gathering the answers until each has its reply, its error or its deadline
 * (counted from its own send). A {@link PingWindow} may hold some back until others are done.
 *
 * <p>A ping that retries sends one more request every {@link #RESEND} until a reply to any of
 * them comes back or its deadline passes, as {@code ping -i 0.25} would: an error (no route yet,
 * destination unreachable) does not end it, only the last one is reported at its deadline.
 * Each request has a sequence number of its own, so a late reply to an earlier one counts.
 */
public final class Pinger {
    /** Between two requests of a ping that retries: four a second, as a converging lab wants, and no flood. */
    static final Duration RESEND = Duration.ofMillis(250);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int POLLIN = 1, POLLOUT = 4;
    private static final int MAX_PER_SOCKET = 65536; // sequence numbers are 16 bits

    private Pinger() {}

    /** Runs every ping probe, all at once; the results are in the order of the probes. */
    public static List<ProbeResult> run(List<Probe.Ping> pings) {
        return run(pings, PingWindow.UNLIMITED);
    }

    /** Runs every ping probe, in order, as many at once as the window lets; the results are in the order of the probes. */
    public static List<ProbeResult> run(List<Probe.Ping> pings, PingWindow window) {
        ProbeResult[] results = new ProbeResult[pings.size()];
        List<Source> sources = new ArrayList<>();
        try {
            open(pings, results, sources);
            new Loop(pings, results, sources, window).run();
        } finally {
            for (Source source : sources) source.socket.close();
        }
        return Arrays.asList(results);
    }

    /**
     * One socket in one namespace, and the probes (by index) it sends. A probe's first request
     * has its position as sequence number; resent ones take the next free numbers, wrapping at
     * 16 bits (an answer to a number reused since then is told apart by its sender only).
     */
    private static final class Source {
        final IcmpSocket socket;
        final int id;
        final int[] probes;
        /** Which probe sent each sequence number; grows only as requests are resent. */
        int[] owner;
        int nextSequence;

        Source(IcmpSocket socket, int id, int[] probes) {
            this.socket = socket;
            this.id = id;
            this.probes = probes;
            this.owner = probes.clone();
            this.nextSequence = probes.length;
        }

        /** A fresh sequence number for a resent request of probe {@code i}. */
        int resend(int i) {
            int sequence = nextSequence;
            nextSequence = (nextSequence + 1) % MAX_PER_SOCKET;
            if (sequence >= owner.length) owner = Arrays.copyOf(owner, Math.min(MAX_PER_SOCKET, Math.max(16, owner.length * 2)));
            owner[sequence] = i;
            return sequence;
        }

        /** The probe that sent {@code sequence}, or -1. */
        int ownerOf(int sequence) {
            return sequence < owner.length ? owner[sequence] : -1;
        }
    }

    private static void open(List<Probe.Ping> pings, ProbeResult[] results, List<Source> sources) {
        Map<String, List<Integer>> byNetns = new LinkedHashMap<>();
        // One socket per namespace and family: a raw ICMP socket is of one family.
        for (int i = 0; i < pings.size(); i++) {
            byNetns.computeIfAbsent(family(pings.get(i)) + pings.get(i).netnsPath(), k -> new ArrayList<>()).add(i);
        }
        Set<Integer> ids = new HashSet<>();
        for (var entry : byNetns.entrySet()) {
            List<Integer> all = entry.getValue();
            for (int from = 0; from < all.size(); from += MAX_PER_SOCKET) {
                List<Integer> chunk = all.subList(from, Math.min(all.size(), from + MAX_PER_SOCKET));
                IcmpSocket socket;
                try {
                    int family = family(pings.get(chunk.get(0)));
                    socket = InNamespace.call(pings.get(chunk.get(0)).netnsPath(), () -> IcmpSocket.open(family));
                } catch (RuntimeException e) {
                    for (int i : chunk) results[i] = ProbeResult.fail(Duration.ZERO, "cannot ping from " + pings.get(i).netnsPath() + ": " + e.getMessage());
                    continue;
                }
                int id;
                do {
                    id = RANDOM.nextInt(0x10000);
                } while (!ids.add(id));
                sources.add(new Source(socket, id, chunk.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
    }

    private static int family(Probe.Ping ping) {
        return ping.target() instanceof Inet6Address ? 6 : 4;
    }

    private static final class Loop {
        final List<Probe.Ping> pings;
        final ProbeResult[] results;
        final List<Source> sources;
        final PingWindow window;
        final Source[] sourceOf;
        final int[] sequenceOf;
        final boolean[] admitted;
        final boolean[] sent;
        final long[] sentAt;
        final long[] deadline;
        /** When a ping that retries sends its next request. */
        final long[] resendAt;
        /** The last error a ping that retries got (null: none), reported if no reply comes. */
        final String[] lastError;
        int next;
        int pending;

        Loop(List<Probe.Ping> pings, ProbeResult[] results, List<Source> sources, PingWindow window) {
            this.pings = pings;
            this.results = results;
            this.sources = sources;
            this.window = window;
            this.sourceOf = new Source[pings.size()];
            this.sequenceOf = new int[pings.size()];
            this.admitted = new boolean[pings.size()];
            this.sent = new boolean[pings.size()];
            this.sentAt = new long[pings.size()];
            this.deadline = new long[pings.size()];
            this.resendAt = new long[pings.size()];
            this.lastError = new String[pings.size()];
            for (Source s : sources) {
                for (int seq = 0; seq < s.probes.length; seq++) {
                    sourceOf[s.probes[seq]] = s;
                    sequenceOf[s.probes[seq]] = seq;
                }
                pending += s.probes.length;
            }
            for (int i = 0; i < results.length; i++) {
                if (results[i] != null) window.finished(i); // its socket could not be opened
            }
        }

        void run() {
            ByteBuffer pollfds = ByteBuffer.allocateDirect(8 * Math.max(1, sources.size())).order(ByteOrder.nativeOrder());
            while (pending > 0) {
                boolean blocked = sendWhatWeCan();
                long now = System.nanoTime();
                blocked |= resend(now);
                expire(now);
                if (pending == 0) break;
                if (!blocked && window.beforeWait()) continue;
                int timeoutMs = (int) Math.max(0, Math.min(1000, (nearestEvent() - now + 999_999) / 1_000_000));
                if (blocked) timeoutMs = Math.min(timeoutMs, 1);
                // Absolute puts: jnr hands the kernel the buffer from its position on.
                pollfds.clear();
                Source waiting = next < sourceOf.length ? sourceOf[next] : null;
                for (int k = 0; k < sources.size(); k++) {
                    Source s = sources.get(k);
                    pollfds.putInt(8 * k, s.socket.fd())
                            .putShort(8 * k + 4, (short) (POLLIN | (blocked && s == waiting ? POLLOUT : 0)))
                            .putShort(8 * k + 6, (short) 0);
                }
                int ready = Sys.C.poll(pollfds, sources.size(), timeoutMs);
                if (ready < 0 && Sys.errno() != Errno.EINTR) Sys.check(ready, "poll ICMP sockets");
                for (int k = 0; k < sources.size(); k++) {
                    short revents = pollfds.getShort(8 * k + 6);
                    if ((revents & POLLIN) != 0) drain(sources.get(k));
                }
            }
        }

        /**
         * Sends the requests not sent yet, in order, while the window admits them and the
         * sockets take them. Returns whether a full socket buffer stopped it.
         */
        boolean sendWhatWeCan() {
            for (; next < pings.size(); next++) {
                int i = next;
                if (results[i] != null) continue; // its socket could not be opened
                if (!admitted[i]) {
                    if (!window.admit(i)) return false;
                    admitted[i] = true;
                }
                Source s = sourceOf[i];
                long now = System.nanoTime();
                ByteBuffer request = s.socket.isV6() ? Icmp6Echo.request(s.id, sequenceOf[i]) : IcmpEcho.request(s.id, sequenceOf[i]);
                int errno = s.socket.send(request, pings.get(i).target());
                if (errno == Errno.EAGAIN || errno == Errno.ENOBUFS) return true;
                sent[i] = true;
                sentAt[i] = now;
                deadline[i] = now + pings.get(i).timeout().toNanos();
                resendAt[i] = now + RESEND.toNanos();
                if (errno != 0) failed(i, ProbeResult.fail(Duration.ZERO, sendError(errno)));
            }
            return false;
        }

        /** Sends the next request of each ping that retries and is due. Returns whether a full socket buffer stopped it. */
        boolean resend(long now) {
            for (int i = 0; i < next; i++) {
                if (results[i] != null || !sent[i] || !pings.get(i).retry() || now < resendAt[i] || now >= deadline[i]) continue;
                Source s = sourceOf[i];
                int sequence = s.resend(i);
                ByteBuffer request = s.socket.isV6() ? Icmp6Echo.request(s.id, sequence) : IcmpEcho.request(s.id, sequence);
                int errno = s.socket.send(request, pings.get(i).target());
                if (errno == Errno.EAGAIN || errno == Errno.ENOBUFS) return true;
                resendAt[i] = now + RESEND.toNanos();
                if (errno != 0) lastError[i] = sendError(errno);
            }
            return false;
        }

        /** An attempt failed: the end of a ping that does not retry; one that does keeps the reason for its deadline. */
        void failed(int i, ProbeResult result) {
            if (pings.get(i).retry()) {
                lastError[i] = result.detail();
            } else {
                finish(i, result);
            }
        }

        void drain(Source s) {
            int length;
            while ((length = s.socket.receive()) >= 0) {
                IcmpEcho.Answer answer = s.socket.isV6() ? Icmp6Echo.parse(s.socket.packet(), length, s.socket.sender6())
                        : IcmpEcho.parse(s.socket.packet(), length);
                if (answer == null || answer.id() != s.id) continue;
                int i = s.ownerOf(answer.sequence());
                if (i < 0 || !sent[i] || results[i] != null || !answer.from().equals(pings.get(i).target())) continue;
                Duration elapsed = Duration.ofNanos(System.nanoTime() - sentAt[i]);
                if (answer.reply()) {
                    boolean first = answer.sequence() == sequenceOf[i];
                    finish(i, ProbeResult.ok(elapsed, "reply from " + io.nslab.addr.IpAddress.of(answer.from().getAddress())
                            + (first ? "" : " (to a later request)")));
                } else {
                    failed(i, ProbeResult.fail(elapsed, answer.error()));
                }
            }
        }

        /** Fails the pings in flight whose deadline has passed. */
        void expire(long now) {
            for (int i = 0; i < next; i++) {
                if (results[i] == null && sent[i] && now >= deadline[i]) finish(i, lastError[i] == null ? ProbeResult.timeout(pings.get(i).timeout())
                        : ProbeResult.fail(pings.get(i).timeout(), lastError[i] + " (retried for " + pings.get(i).timeout().toMillis() + " ms)"));
            }
        }

        /** The nearest deadline or resend of the pings in flight. */
        long nearestEvent() {
            long nearest = Long.MAX_VALUE;
            for (int i = 0; i < next; i++) {
                if (results[i] != null || !sent[i]) continue;
                nearest = Math.min(nearest, deadline[i]);
                if (pings.get(i).retry()) nearest = Math.min(nearest, resendAt[i]);
            }
            return nearest;
        }

        void finish(int i, ProbeResult result) {
            if (results[i] == null) {
                results[i] = result;
                pending--;
                window.finished(i);
            }
        }

        private static String sendError(int errno) {
            return switch (errno) {
                case Errno.ENETUNREACH -> "network unreachable (no route)";
                case Errno.EHOSTUNREACH -> "host unreachable";
                case Errno.EACCES, Errno.EPERM -> "not permitted (" + Errno.name(errno) + ")";
                case Errno.EINVAL -> "cannot send there (EINVAL: a blackhole or prohibit route?)";
                default -> "send failed: " + Errno.name(errno);
            };
        }
    }
}
