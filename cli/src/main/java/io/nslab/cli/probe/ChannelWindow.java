package io.nslab.cli.probe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.nslab.sys.InNamespace;

/**
 * A check's tcp, udp and http probes within a budget of the kernel's neighbour entries, as
 * {@link NeighbourWindow} keeps a pingall's: the kernel keeps one table for every namespace of
 * the machine (1,024 entries by default), and a probe to a node on one segment leaves two (the
 * source's for the target, the target's for the source), four when the host side routes it. All
 * started at once, 1,000 http checks on one bridge got 512 answers: the rest waited for entries
 * the kernel would not give. Here a probe starts when its entries fit, and once it has its result
 * its entries are deleted (one netlink batch per namespace), making room for the next. Each
 * probe's timeout counts from its own start. Pings keep their own way (Pinger).
 */
final class ChannelWindow {
    /** Past this many entries at once the probes take turns; under it they all start at once, as always. */
    static final int BUDGET = Pingall.NEIGHBOUR_BUDGET;

    private ChannelWindow() {}

    /** Whether the channel probes would need more entries at once than the budget. */
    static boolean needed(List<? extends Probe> probes, List<List<NeighbourWindow.Entry>> entries) {
        int cost = 0;
        for (int i = 0; i < probes.size(); i++) if (!(probes.get(i) instanceof Probe.Ping)) cost += entries.get(i).size();
        return cost > BUDGET;
    }

    /** Runs the probes (the pings among them all at once, through Pinger), the channel ones in turns. */
    static List<ProbeResult> run(List<? extends Probe> probes, List<List<NeighbourWindow.Entry>> entries,
                                 Function<Probe, CompletableFuture<ProbeResult>> start) {
        int n = probes.size();
        List<CompletableFuture<ProbeResult>> results = new ArrayList<>();
        NeighbourWindow.Group[] groups = new NeighbourWindow.Group[n];
        Deque<Integer> waiting = new ArrayDeque<>();
        List<Integer> pings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(new CompletableFuture<>());
            groups[i] = new NeighbourWindow.Group(entries.get(i), 1);
            if (probes.get(i) instanceof Probe.Ping) pings.add(i);
            else waiting.add(i);
        }
        NeighbourWindow window = new NeighbourWindow(BUDGET, groups, new NeighbourDeleter());
        // One thread admits, starts and frees: the window is not shared between threads.
        ExecutorService turns = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nslab-probe-turns");
            t.setDaemon(true);
            return t;
        });
        try {
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                window.beforeWait();
                while (!waiting.isEmpty() && window.admit(waiting.peekFirst())) {
                    int i = waiting.pollFirst();
                    Probe probe = probes.get(i);
                    CompletableFuture<ProbeResult> started;
                    try {
                        started = InNamespace.call(probe.netnsPath(), () -> start.apply(probe));
                    } catch (RuntimeException e) {
                        started = CompletableFuture.completedFuture(Prober.cannotProbe(probe.netnsPath(), e));
                    }
                    // Each outcome fails itself at its deadline; the margin only guards against a stuck loop.
                    started.completeOnTimeout(ProbeResult.timeout(probe.timeout()), probe.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS)
                            .whenComplete((r, e) -> turns.execute(() -> {
                                window.finished(i);
                                results.get(i).complete(e == null ? r : ProbeResult.fail(Duration.ZERO, String.valueOf(e.getMessage())));
                                next[0].run();
                            }));
                }
            };
            turns.execute(next[0]);
            List<ProbeResult> pinged = Pinger.run(pings.stream().map(i -> (Probe.Ping) probes.get(i)).toList());
            for (int k = 0; k < pings.size(); k++) results.get(pings.get(k)).complete(pinged.get(k));
            List<ProbeResult> out = new ArrayList<>();
            for (CompletableFuture<ProbeResult> f : results) out.add(f.join());
            return out;
        } finally {
            turns.submit(window::close);
            turns.shutdown();
            try {
                turns.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
