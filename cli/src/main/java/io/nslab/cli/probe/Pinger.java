package io.nslab.cli.probe;

import java.net.Inet4Address;
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

import io.nslab.netlink.sys.Errno;
import io.nslab.netlink.sys.InNamespace;
import io.nslab.netlink.sys.Sys;

/**
 * Many pings at once, without a process or a thread per ping: one raw ICMP socket per source
 * namespace (opened on a fresh thread inside it), every echo request sent at once, each told
 * apart by the socket's identifier and its own sequence number, then one poll(2) loop on the
 * calling thread gathering the answers until each has its reply, its error or its deadline.
 */
public final class Pinger {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int POLLIN = 1, POLLOUT = 4;
    private static final int MAX_PER_SOCKET = 65536; // sequence numbers are 16 bits

    private Pinger() {}

    /** Runs every ping probe; the results are in the order of the probes. */
    public static List<ProbeResult> run(List<Probe.Ping> pings) {
        ProbeResult[] results = new ProbeResult[pings.size()];
        List<Source> sources = new ArrayList<>();
        try {
            open(pings, results, sources);
            new Loop(pings, results, sources).run();
        } finally {
            for (Source source : sources) source.socket.close();
        }
        return Arrays.asList(results);
    }

    /** One socket in one namespace, and the probes (by index) it sends, by sequence number. */
    private static final class Source {
        final IcmpSocket socket;
        final int id;
        final int[] probes;
        int nextToSend;

        Source(IcmpSocket socket, int id, int[] probes) {
            this.socket = socket;
            this.id = id;
            this.probes = probes;
        }
    }

    private static void open(List<Probe.Ping> pings, ProbeResult[] results, List<Source> sources) {
        Map<String, List<Integer>> byNetns = new LinkedHashMap<>();
        for (int i = 0; i < pings.size(); i++) byNetns.computeIfAbsent(pings.get(i).netnsPath(), k -> new ArrayList<>()).add(i);
        Set<Integer> ids = new HashSet<>();
        for (var entry : byNetns.entrySet()) {
            List<Integer> all = entry.getValue();
            for (int from = 0; from < all.size(); from += MAX_PER_SOCKET) {
                List<Integer> chunk = all.subList(from, Math.min(all.size(), from + MAX_PER_SOCKET));
                IcmpSocket socket;
                try {
                    socket = InNamespace.call(entry.getKey(), IcmpSocket::open);
                } catch (RuntimeException e) {
                    for (int i : chunk) results[i] = ProbeResult.fail(Duration.ZERO, "cannot ping from " + entry.getKey() + ": " + e.getMessage());
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

    private static final class Loop {
        final List<Probe.Ping> pings;
        final ProbeResult[] results;
        final List<Source> sources;
        final long[] sentAt;
        final long[] deadline;
        int pending;

        Loop(List<Probe.Ping> pings, ProbeResult[] results, List<Source> sources) {
            this.pings = pings;
            this.results = results;
            this.sources = sources;
            this.sentAt = new long[pings.size()];
            this.deadline = new long[pings.size()];
            for (Source s : sources) pending += s.probes.length;
        }

        void run() {
            long start = System.nanoTime();
            for (Source s : sources) {
                for (int i : s.probes) deadline[i] = start + pings.get(i).timeout().toNanos();
            }
            ByteBuffer pollfds = ByteBuffer.allocateDirect(8 * Math.max(1, sources.size())).order(ByteOrder.nativeOrder());
            while (pending > 0) {
                boolean unsent = sendWhatWeCan();
                long now = System.nanoTime();
                expire(now);
                if (pending == 0) break;
                int timeoutMs = (int) Math.max(0, Math.min(1000, (nearestDeadline() - now + 999_999) / 1_000_000));
                if (unsent) timeoutMs = Math.min(timeoutMs, 1);
                // Absolute puts: jnr hands the kernel the buffer from its position on.
                pollfds.clear();
                for (int k = 0; k < sources.size(); k++) {
                    Source s = sources.get(k);
                    pollfds.putInt(8 * k, s.socket.fd())
                            .putShort(8 * k + 4, (short) (POLLIN | (s.nextToSend < s.probes.length ? POLLOUT : 0)))
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

        /** Sends every request not sent yet, until a socket's buffer is full. Returns whether some are left. */
        boolean sendWhatWeCan() {
            boolean left = false;
            for (Source s : sources) {
                while (s.nextToSend < s.probes.length) {
                    int seq = s.nextToSend;
                    int i = s.probes[seq];
                    if (results[i] != null) {
                        s.nextToSend++;
                        continue;
                    }
                    sentAt[i] = System.nanoTime();
                    int errno = s.socket.send(IcmpEcho.request(s.id, seq), (Inet4Address) pings.get(i).target());
                    if (errno == Errno.EAGAIN || errno == Errno.ENOBUFS) {
                        left = true;
                        break;
                    }
                    s.nextToSend++;
                    if (errno != 0) finish(i, ProbeResult.fail(Duration.ZERO, sendError(errno)));
                }
            }
            return left;
        }

        void drain(Source s) {
            int length;
            while ((length = s.socket.receive()) >= 0) {
                IcmpEcho.Answer answer = IcmpEcho.parse(s.socket.packet(), length);
                if (answer == null || answer.id() != s.id || answer.sequence() >= s.nextToSend) continue;
                int i = s.probes[answer.sequence()];
                if (results[i] != null || !answer.from().equals(pings.get(i).target())) continue;
                Duration elapsed = Duration.ofNanos(System.nanoTime() - sentAt[i]);
                finish(i, answer.reply()
                        ? ProbeResult.ok(elapsed, "reply from " + answer.from().getHostAddress())
                        : ProbeResult.fail(elapsed, answer.error()));
            }
        }

        void expire(long now) {
            for (Source s : sources) {
                for (int i : s.probes) {
                    if (results[i] == null && now >= deadline[i]) finish(i, ProbeResult.timeout(pings.get(i).timeout()));
                }
            }
        }

        long nearestDeadline() {
            long nearest = Long.MAX_VALUE;
            for (Source s : sources) {
                for (int i : s.probes) if (results[i] == null) nearest = Math.min(nearest, deadline[i]);
            }
            return nearest;
        }

        void finish(int i, ProbeResult result) {
            if (results[i] == null) {
                results[i] = result;
                pending--;
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
