package io.nslab.cli.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a pingall within a budget of the kernel's neighbour (ARP) entries. The kernel keeps
 * one neighbour table for every namespace of the machine, and refuses new entries past
 * net.ipv4.neigh.default.gc_thresh3 (1024 by default) unless it can evict ones unused for
 * five seconds; a full mesh of N nodes on one segment makes N*(N-1) entries (2,450 for 50),
 * all fresh, so an all-at-once pingall would mostly fail, and would starve every other user
 * of the machine meanwhile. So pings go in pairs (A to B, then B to A): a pair on one segment
 * costs two entries (A's for B, B's for A), at most {@code budget} entries are held at once,
 * and once both pings of a pair are answered nslab deletes the pair's two entries (one
 * batched netlink send per namespace), making room for the next. A pair the host side routes
 * (a bridge each) costs four: the source's and the target's for their gateways, and the host
 * side's for each of them (4,000 nodes on 16 bridges would otherwise fill the table with the
 * host side's alone); a pair routed elsewhere (router nodes) costs nothing here.
 */
final class NeighbourWindow implements PingWindow {
    /** An entry a ping leaves: in the namespace at netnsPath, on interface ifname, for address. */
    record Entry(String netnsPath, String ifname, String address) {}

    /** Pings that share their entries, and those entries (none when routed). */
    static final class Group {
        final List<Entry> entries;
        int unfinished;
        boolean open;

        Group(List<Entry> entries, int pings) {
            this.entries = entries;
            this.unfinished = pings;
        }
    }

    /** Deletes neighbour entries; {@link NeighbourDeleter} does it over netlink. */
    interface Deleter extends AutoCloseable {
        void delete(List<Entry> entries);

        @Override
        void close();
    }

    private final int budget;
    private final Group[] groupOf;
    private final Deleter deleter;
    private final List<Group> done = new ArrayList<>();
    private int held;

    /** @param groupOf each ping's group, by the ping's index; a group's pings are adjacent in the run */
    NeighbourWindow(int budget, Group[] groupOf, Deleter deleter) {
        this.budget = budget;
        this.groupOf = groupOf;
        this.deleter = deleter;
    }

    @Override
    public boolean admit(int ping) {
        Group g = groupOf[ping];
        if (g.open) return true;
        int cost = g.entries.size();
        if (cost > 0 && held > 0 && held + cost > budget) return false;
        held += cost;
        g.open = true;
        return true;
    }

    @Override
    public void finished(int ping) {
        Group g = groupOf[ping];
        if (--g.unfinished == 0 && g.open && !g.entries.isEmpty()) done.add(g);
    }

    @Override
    public boolean beforeWait() {
        if (done.isEmpty()) return false;
        List<Entry> entries = new ArrayList<>();
        for (Group g : done) {
            entries.addAll(g.entries);
            held -= g.entries.size();
        }
        done.clear();
        deleter.delete(entries);
        return true;
    }

    /** Entries held now (admitted pairs not yet freed). */
    int held() { return held; }

    /** Frees the entries of the last pairs, and closes the deleter. */
    void close() {
        try {
            beforeWait();
        } finally {
            deleter.close();
        }
    }
}
