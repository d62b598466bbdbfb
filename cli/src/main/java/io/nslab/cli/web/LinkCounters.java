package io.nslab.cli.web;

import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.impair.ImpairState;
import io.nslab.cli.impair.LinkEnds;
import io.nslab.cli.kernel.OpenFiles;

import io.nslab.core.Nodes;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.LinkStats;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.sys.SysException;

/**
 * The live numbers of one lab for the page, sampled about once a second while a page shows
 * the lab: each edge's interface counters (one netlink dump per network namespace) turned into rates, and whether each node's init lives.
 */
final class LinkCounters {
    private final LabPage page;
    private Map<String, LinkStats> last = Map.of();
    private long lastNanos;

    LinkCounters(LabPage page) { this.page = page; }

    LabPage page() { return page; }

    /**
     * {"type": "stats", "lab", "edges": {ID: {rx_bytes, tx_bytes, rx_packets, tx_packets, drops, rx_bps, tx_bps, rx_pps,
     * tx_pps, up, impair: [{endpoint, direction, text}]}}, "nodes": {ID: {alive}}}: {@code up} is false for a link set down
     * (either end: a veth without its peer has no carrier), {@code impair} what {@code nslab link} or the lab file put on it.
     */
    ObjectNode sample() {
        long now = System.nanoTime();
        Map<String, Map<String, LinkStats>> byNetns = dumpAll();
        List<ImpairState.Row> impaired = ImpairState.read(page.running().state().impair());
        double seconds = lastNanos == 0 ? 0 : (now - lastNanos) / 1e9;
        ObjectNode root = LabPage.JSON.createObjectNode().put("type", "stats").put("lab", page.lab());
        ObjectNode edges = root.putObject("edges");
        Map<String, LinkStats> current = new HashMap<>();
        page.counted().forEach((edge, counted) -> {
            LinkStats s = byNetns.get(counted.netnsPath()).get(counted.ifname());
            if (s == null) return;
            current.put(edge, s);
            boolean swap = counted.swapped(); // the far end: its rx is this end's tx
            long rxBytes = swap ? s.txBytes() : s.rxBytes(), txBytes = swap ? s.rxBytes() : s.txBytes();
            long rxPackets = swap ? s.txPackets() : s.rxPackets(), txPackets = swap ? s.rxPackets() : s.txPackets();
            ObjectNode o = edges.putObject(edge).put("rx_bytes", rxBytes).put("tx_bytes", txBytes)
                    .put("rx_packets", rxPackets).put("tx_packets", txPackets)
                    .put("drops", s.rxDropped() + s.txDropped()).put("errors", s.rxErrors() + s.txErrors())
                    .put("up", s.up() && s.carrier());
            LinkEnds ends = page.links().get(edge);
            if (ends != null) {
                ArrayNode impair = o.putArray("impair");
                for (ImpairState.Row r : impaired) {
                    if (r.sameEgress(ends.here().netns(), ends.here().ifname()) || r.sameEgress(ends.there().netns(), ends.there().ifname())) {
                        impair.addObject().put("endpoint", r.endpoint()).put("direction", r.direction()).put("text", r.impairment().describe());
                    }
                }
            }
            LinkStats before = last.get(edge);
            if (before != null && seconds > 0) {
                long rxBefore = swap ? before.txBytes() : before.rxBytes(), txBefore = swap ? before.rxBytes() : before.txBytes();
                long rxpBefore = swap ? before.txPackets() : before.rxPackets(), txpBefore = swap ? before.rxPackets() : before.txPackets();
                o.put("rx_bps", Math.round(8 * (rxBytes - rxBefore) / seconds)).put("tx_bps", Math.round(8 * (txBytes - txBefore) / seconds))
                        .put("rx_pps", Math.round((rxPackets - rxpBefore) / seconds)).put("tx_pps", Math.round((txPackets - txpBefore) / seconds));
            }
        });
        last = current;
        lastNanos = now;
        ObjectNode nodes = root.putObject("nodes");
        Map<String, ProcessStamp> inits = io.nslab.cli.state.RunningLab.inits(page.running().state());
        inits.forEach((node, init) -> nodes.putObject("node:" + node).put("alive", Nodes.alive(init)));
        root.put("services_alive", page.running().supervisor().map(ProcessStamp::alive).orElse(false));
        return root;
    }

    /**
     * Every namespace's counters (path → interface → counters), through sockets opened for
     * this sample and closed after it: a socket held in a lab's namespace would keep the
     * namespace, and what is in it, alive after the lab's down. At most
     * {@link OpenFiles#namespacesToHold()} namespaces are open at once, a handle and a socket
     * each: opening all of them ran out of open files at 10,000 nodes, and the page then showed
     * no counters at all.
     */
    private Map<String, Map<String, LinkStats>> dumpAll() {
        return dump(page.netnsPaths(), OpenFiles.namespacesToHold());
    }

    /** The counters of the namespaces at {@code paths}, {@code atOnce} of them open at a time. */
    static Map<String, Map<String, LinkStats>> dump(List<String> paths, int atOnce) {
        Map<String, Map<String, LinkStats>> out = new HashMap<>();
        for (int from = 0; from < paths.size(); from += atOnce) {
            dumpPart(paths.subList(from, Math.min(paths.size(), from + atOnce)), out);
        }
        return out;
    }

    private static void dumpPart(List<String> paths, Map<String, Map<String, LinkStats>> out) {
        List<NetNs> opened = new ArrayList<>();
        try {
            for (String path : paths) {
                out.put(path, new HashMap<>());
                try {
                    opened.add(NetNs.openPath(path));
                } catch (SysException e) {
                    // gone: the lab is going down; no counters from there
                }
            }
            List<Rtnetlink> sockets = Rtnetlink.open(opened);
            try {
                for (Rtnetlink rt : sockets) {
                    Map<String, LinkStats> links = out.get(rt.netns().path());
                    for (LinkStats s : rt.linkStats()) links.put(s.name(), s);
                }
            } finally {
                sockets.forEach(Rtnetlink::close);
            }
        } catch (SysException e) {
            // a namespace vanished between open and dump: this sample shows what it has
        } finally {
            opened.forEach(NetNs::close);
        }
    }
}
