package io.nslab.cli.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;

/**
 * What every open page shares: the labs that are up (looked at once a second, so a lab
 * brought up or down shows at once), each shown lab's page, and its counters, sampled once
 * a second while at least one page shows it and not at all otherwise.
 */
final class Hub implements AutoCloseable {
    private final String firstLab;
    private final Set<PageSocket.Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, LabPage> pages = new ConcurrentHashMap<>();
    private final Map<String, LinkCounters> counters = new HashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nslab-web-tick");
        t.setDaemon(true);
        return t;
    });
    private volatile List<String> labs = List.of();

    Hub(String firstLab) { this.firstLab = firstLab; }

    /**
     * Reads every lab's page once, before the server says where it is: a 300-node lab's took
     * this JVM a second or more the first time (cold code), which the first page to show it
     * would otherwise wait for. Then looks again every second.
     */
    void start() {
        labs = Labs.names();
        tick();
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    String firstLab() { return firstLab != null && labs.contains(firstLab) ? firstLab : labs.isEmpty() ? null : labs.get(0); }

    List<String> labs() { return labs; }

    /** The labs that are up and the one to show first, as the page hears it. */
    ObjectNode labsMessage() {
        ObjectNode msg = LabPage.JSON.createObjectNode().put("type", "labs").put("first", firstLab());
        labs.forEach(msg.putArray("labs")::add);
        return msg;
    }

    void join(PageSocket.Session s) { sessions.add(s); }

    void leave(PageSocket.Session s) { sessions.remove(s); }

    /**
     * The page of LAB, read again when its plan is newer (the lab was brought down and up). One
     * reader at a time: a page asking while the tick reads the same lab waits for that read.
     */
    synchronized LabPage page(String lab) throws java.io.IOException {
        StateDir state = StateDir.of(lab);
        LabPage page = pages.get(lab);
        if (page == null || !page.planTime().equals(java.nio.file.Files.getLastModifiedTime(state.plan()))) {
            page = LabPage.read(state);
            pages.put(lab, page);
        }
        return page;
    }

    private void tick() {
        try {
            List<String> now = Labs.names();
            if (!now.equals(labs)) {
                labs = now;
                pages.keySet().retainAll(now);
                ObjectNode msg = LabPage.JSON.createObjectNode().put("type", "labs");
                now.forEach(msg.putArray("labs")::add);
                sessions.forEach(s -> s.send(msg));
            }
            // Each lab's page read before anyone asks (a lab brought up while the server runs).
            for (String lab : now) {
                if (!pages.containsKey(lab)) {
                    try {
                        page(lab);
                    } catch (Exception e) {
                        // going down, or unreadable: the page says so when it asks
                    }
                }
            }
            Map<String, List<PageSocket.Session>> watching = new HashMap<>();
            for (PageSocket.Session s : sessions) if (s.lab() != null) watching.computeIfAbsent(s.lab(), k -> new ArrayList<>()).add(s);
            counters.keySet().retainAll(watching.keySet());
            watching.forEach((lab, watchers) -> {
                if (!labs.contains(lab)) return;
                try {
                    LabPage page = page(lab);
                    LinkCounters c = counters.get(lab);
                    if (c == null || c.page() != page) counters.put(lab, c = new LinkCounters(page));
                    ObjectNode sample = c.sample();
                    watchers.forEach(s -> s.send(sample));
                } catch (Exception e) {
                    // the lab is going down as we look: the next tick's list says so
                }
            });
        } catch (RuntimeException e) {
            // keep ticking: one bad look at /run must not stop the page's clock
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sessions.forEach(PageSocket.Session::closeTerminals);
    }
}
