package io.nslab.cli.impair;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.tap.PacketSender;
import io.nslab.netlink.tap.Tap;
import io.nslab.topology.model.Impairment;
import io.nslab.topology.plan.NetnsName;

/**
 * The delay lines of a lab, run by its supervisor: it follows the lab's {@link ImpairState}
 * file (looked at every {@link #POLL_MS} ms, so a change from {@code nslab link} is in force
 * well within a second), starting a line for each new {@code delayline} row, changing the
 * settings of a running one in place (frames held stay held), and stopping those whose row is
 * gone.
 */
public final class DelayLines implements AutoCloseable {
    static final int POLL_MS = 100;

    private final Path file;
    private final Consumer<String> log;
    private final Map<String, DelayLine> running = new HashMap<>();
    private final Thread watcher;
    private volatile boolean stopping;
    private FileTime seen;

    public DelayLines(Path file, Consumer<String> log) {
        this.file = file;
        this.log = log;
        reconcile(); // the lines of up are running before the supervisor says it is ready
        watcher = new Thread(this::watch, "nslab-delay-lines");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** How many lines run. */
    public synchronized int size() { return running.size(); }

    private void watch() {
        while (!stopping) {
            try {
                Thread.sleep(POLL_MS);
                reconcile();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.accept("delay lines: " + e.getMessage());
            }
        }
    }

    private synchronized void reconcile() {
        FileTime now;
        try {
            now = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        } catch (java.io.IOException e) {
            return;
        }
        if (now != null && now.equals(seen)) return;
        seen = now;
        Set<String> wanted = new HashSet<>();
        for (ImpairState.Row row : ImpairState.read(file)) {
            if (!row.delayLine()) continue;
            String key = row.netns() + "/" + row.ifname();
            wanted.add(key);
            Impairment i = row.impairment();
            DelayLine.Settings s = new DelayLine.Settings(i.delayMicros(), i.jitterMicros(), i.lossPercent() / 100);
            DelayLine line = running.get(key);
            if (line != null) {
                if (!line.settings().equals(s)) line.update(s);
                continue;
            }
            try {
                running.put(key, open(row, s));
                log.accept("delay line on " + row.endpoint() + " " + row.direction() + " (" + key + "): " + i.describe());
            } catch (RuntimeException e) {
                log.accept("cannot run the delay line of " + key + ": " + e.getMessage());
            }
        }
        running.keySet().removeIf(key -> {
            if (wanted.contains(key)) return false;
            running.get(key).close();
            log.accept("delay line of " + key + " stopped");
            return true;
        });
    }

    private static DelayLine open(ImpairState.Row row, DelayLine.Settings s) {
        try (NetNs ns = NetNs.openPath(NetnsName.path(row.netns())); Rtnetlink rt = Rtnetlink.open(ns)) {
            var link = rt.link(row.ifname());
            if (link == null) throw new IllegalStateException("no link " + row.ifname());
            int tap = Tap.attach(ns, row.tap());
            try {
                return new DelayLine(row.ifname(), tap, PacketSender.open(ns, link.index(), row.ifname(), Fallback.MARK), s);
            } catch (RuntimeException e) {
                io.nslab.sys.Sys.close(tap);
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        stopping = true;
        watcher.interrupt();
        running.values().forEach(DelayLine::close);
        running.clear();
    }
}
