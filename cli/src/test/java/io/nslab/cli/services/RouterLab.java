package io.nslab.cli.services;

import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.netlink.route.Sysctl;
import io.nslab.netlink.testing.ThrowawayNetns;

/**
 * A test network of N nodes, each on its own link to one router namespace: node i has eth0 at
 * 10.78.i.2/24 and a default route via the router's 10.78.i.1. Unlike {@link BridgeLab}, every
 * node has a single neighbour (the router), so a full mesh of pings needs 2N ARP entries, not
 * N*(N-1): the kernel's neighbour table is shared by all namespaces and holds at most
 * net.ipv4.neigh.default.gc_thresh3 (1024 by default) fresh entries.
 */
public final class RouterLab {
    private final Map<String, String> paths = new LinkedHashMap<>();
    private final Map<String, InetAddress> addresses = new LinkedHashMap<>();

    private RouterLab() {}

    public static RouterLab build(ThrowawayNetns netns, int count) {
        if (count > 250) throw new IllegalArgumentException("at most 250 nodes");
        RouterLab lab = new RouterLab();
        NetNs router = netns.create();
        Sysctl.set(router, "net.ipv4.ip_forward", "1");
        Map<String, NetNs> nodes = new LinkedHashMap<>();
        try (Rtnetlink rt = Rtnetlink.open(router)) {
            RtnetlinkBatch batch = rt.batch();
            for (int i = 0; i < count; i++) {
                NetNs ns = netns.create();
                nodes.put("n" + i, ns);
                batch.createVeth("r" + i, "eth0", ns, 0, null);
            }
            for (int i = 0; i < count; i++) {
                batch.addAddress("r" + i, Cidr.parse("10.78." + i + ".1/24"));
                batch.setUp("r" + i);
            }
            batch.send();
        }
        int i = 0;
        for (var node : nodes.entrySet()) {
            try (Rtnetlink rt = Rtnetlink.open(node.getValue())) {
                RtnetlinkBatch batch = rt.batch();
                batch.setUp("lo");
                batch.addAddress("eth0", Cidr.parse("10.78." + i + ".2/24"));
                batch.setUp("eth0");
                batch.addRoute(Cidr.parse("0.0.0.0/0"), IpAddress.parse("10.78." + i + ".1"), null);
                batch.send();
            }
            lab.paths.put(node.getKey(), node.getValue().path());
            lab.addresses.put(node.getKey(), BridgeLab.ip("10.78." + i + ".2"));
            i++;
        }
        return lab;
    }

    public Map<String, String> paths() { return new LinkedHashMap<>(paths); }

    public Map<String, InetAddress> addresses() { return new LinkedHashMap<>(addresses); }
}
