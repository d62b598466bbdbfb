package io.nslab.cli.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.nslab.cli.services.EventLoops;
import io.nslab.sys.InNamespace;

/**
 * Runs probes, many at once, each from inside its own network namespace, in one JVM.
 *
 * <p>tcp, udp and http probes are Netty channels: each namespace's sockets are created on one
 * fresh thread inside it ({@link InNamespace}), and their I/O then runs on a couple of event
 * loops in this process's own namespace. Pings go through {@link Pinger}, one raw socket per
 * namespace. A probe never takes much longer than its timeout. A probe that retries is made
 * again until it passes or its timeout ends ({@link Retrying}; pings: {@link Pinger}); its
 * later attempts enter its namespace again, each on a fresh thread.
 */
public final class Prober implements AutoCloseable {
    /**
     * Made for the first tcp, udp or http probe, not before: a lab's checks are often pings and
     * commands only, and Netty's classes and threads are then a cost of a check for nothing.
     */
    private EventLoopGroup group;
    /** The one thread that starts channel probes' later attempts; made at the first retry's need. */
    private ScheduledExecutorService retries;

    private Prober() {}

    /** Must be called from the process's own network namespace (where its event loops will run). */
    public static Prober open() {
        return new Prober();
    }

    private synchronized EventLoopGroup group() {
        if (group == null) group = EventLoops.create("nslab-probe", 2);
        return group;
    }

    /** Its thread is started here, in this process's own namespace, never from inside a node's. */
    private synchronized ScheduledExecutorService retries() {
        if (retries == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "nslab-probe-retry");
                t.setDaemon(true);
                return t;
            });
            executor.prestartCoreThread();
            retries = executor;
        }
        return retries;
    }

    public ProbeResult run(Probe probe) {
        return runAll(List.of(probe)).get(0);
    }

    /** Runs every probe in parallel; the results are in the order of the probes. */
    public List<ProbeResult> runAll(List<? extends Probe> probes) {
        return runAll(probes, null);
    }

    /**
     * As {@link #runAll(List)}; the tcp, udp and http probes, when all at once they would need
     * more neighbour entries than {@code entries} budget allows (see {@link ChannelWindow}), start
     * as their entries fit, each one's deleted once it has its result.
     *
     * @param entries each probe's neighbour entries (null: none known, all at once)
     */
    public List<ProbeResult> runAll(List<? extends Probe> probes, ProbeEntries entries) {
        if (entries != null && ChannelWindow.needed(probes, entries.byProbe)) {
            prepareChannels(probes);
            return ChannelWindow.run(probes, entries.byProbe, this::start);
        }
        List<CompletableFuture<ProbeResult>> futures = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) futures.add(null);

        Map<String, List<Integer>> channelProbes = new LinkedHashMap<>();
        List<Integer> pingIndexes = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            if (probes.get(i) instanceof Probe.Ping) {
                pingIndexes.add(i);
            } else {
                channelProbes.computeIfAbsent(probes.get(i).netnsPath(), k -> new ArrayList<>()).add(i);
            }
        }
        if (!channelProbes.isEmpty()) prepareChannels(probes);
        for (var entry : channelProbes.entrySet()) {
            List<Integer> indexes = entry.getValue();
            try {
                List<CompletableFuture<ProbeResult>> started = InNamespace.call(entry.getKey(), () -> {
                    List<CompletableFuture<ProbeResult>> out = new ArrayList<>();
                    for (int i : indexes) out.add(start(probes.get(i)));
                    return out;
                });
                for (int k = 0; k < indexes.size(); k++) futures.set(indexes.get(k), started.get(k));
            } catch (RuntimeException e) {
                for (int i : indexes) futures.set(i, CompletableFuture.completedFuture(cannotProbe(entry.getKey(), e)));
            }
        }
        // The pings run on this thread while the channels do their work on the event loops.
        List<ProbeResult> pingResults = Pinger.run(pingIndexes.stream().map(i -> (Probe.Ping) probes.get(i)).toList());
        for (int k = 0; k < pingIndexes.size(); k++) futures.set(pingIndexes.get(k), CompletableFuture.completedFuture(pingResults.get(k)));

        List<ProbeResult> results = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) results.add(await(futures.get(i), probes.get(i).timeout()));
        return results;
    }

    /** Before channel probes start: their event loops, made before any thread enters a node's namespace, and their retries. */
    private void prepareChannels(List<? extends Probe> probes) {
        group();
        if (probes.stream().anyMatch(p -> !(p instanceof Probe.Ping) && p.retry())) retries();
    }

    /** A probe that could not start: its node's namespace could not be entered. */
    static ProbeResult cannotProbe(String netnsPath, RuntimeException e) {
        return ProbeResult.fail(Duration.ZERO, "cannot probe from " + netnsPath + ": " + e.getMessage());
    }

    /** Starts the probe's first attempt on this thread, in its namespace; a later one enters it again. */
    CompletableFuture<ProbeResult> start(Probe probe) {
        Retrying.Attempt again = timeout -> InNamespace.call(probe.netnsPath(), () -> attempt(probe, timeout));
        return Retrying.of(probe, again, Retrying.on(retries)).begin(timeout -> attempt(probe, timeout));
    }

    private Outcome attempt(Probe probe, Duration timeout) {
        if (probe instanceof Probe.Tcp tcp) return TcpConnect.start(group(), tcp, timeout);
        if (probe instanceof Probe.Udp udp) return UdpExchange.start(group(), udp, timeout);
        if (probe instanceof Probe.Http http) return HttpGet.start(group(), http, timeout);
        throw new IllegalArgumentException("not a channel probe: " + probe);
    }

    private static ProbeResult await(CompletableFuture<ProbeResult> future, Duration timeout) {
        try {
            // Each outcome fails itself at its deadline; the margin only guards against a stuck loop.
            return future.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return ProbeResult.timeout(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.fail(Duration.ZERO, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return ProbeResult.fail(Duration.ZERO, e.getCause().getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (retries != null) retries.shutdownNow();
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
