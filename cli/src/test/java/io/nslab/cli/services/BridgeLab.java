package io.nslab.cli.services;

import io.nslab.addr.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.netlink.testing.ThrowawayNetns;

/**
 * A test network built with the netlink module: a "hub" namespace holding bridge br0, and
 * N node namespaces, each with lo up and eth0 (a veth whose peer is a port of br0) at
 * 10.77.0.(2+i)/24 and fd77::(2+i)/64. Every namespace is a throwaway one, deleted with the
 * {@link ThrowawayNetns}.
 * Nobody has 10.77.0.250: traffic to it goes unanswered (ARP gets no reply), so probes to it
 * time out.
 */
public final class BridgeLab {
    public static final String SUBNET = "10.77.0.";
    public static final String SUBNET6 = "fd77::";
    public static final InetAddress NOBODY = ip(SUBNET + "250");

    private final NetNs hub;
    private final Map<String, NetNs> nodes = new LinkedHashMap<>();
    private final Map<String, InetAddress> addresses = new LinkedHashMap<>();

    private BridgeLab(NetNs hub) {
        this.hub = hub;
    }

    public static BridgeLab build(ThrowawayNetns netns, int count) {
        BridgeLab lab = new BridgeLab(netns.create());
        try (Rtnetlink hubRt = Rtnetlink.open(lab.hub)) {
            RtnetlinkBatch hubBatch = hubRt.batch();
            hubBatch.createBridge("br0", 0);
            for (int i = 0; i < count; i++) {
                String name = "n" + i;
                NetNs ns = netns.create();
                lab.nodes.put(name, ns);
                lab.addresses.put(name, ip(SUBNET + (2 + i)));
                hubBatch.createVeth("v" + i, "eth0", ns, 0, null);
            }
            for (int i = 0; i < count; i++) {
                hubBatch.setMaster("v" + i, "br0");
                hubBatch.setUp("v" + i);
            }
            hubBatch.setUp("br0");
            hubBatch.send();
        }
        int i = 0;
        for (NetNs ns : lab.nodes.values()) {
            try (Rtnetlink rt = Rtnetlink.open(ns)) {
                RtnetlinkBatch batch = rt.batch();
                batch.setUp("lo");
                batch.addAddress("eth0", Cidr.parse(SUBNET + (2 + i) + "/24"));
                batch.addAddress("eth0", Cidr.parse(SUBNET6 + (2 + i++) + "/64"));
                batch.setUp("eth0");
                batch.send();
            }
        }
        return lab;
    }

    public List<String> names() { return List.copyOf(nodes.keySet()); }

    public NetNs ns(String node) { return nodes.get(node); }

    public String path(String node) { return nodes.get(node).path(); }

    public InetAddress address(String node) { return addresses.get(node); }

    /** A node's IPv6 address (fd77::2 for n0). */
    public InetAddress address6(String node) { return ip(SUBNET6 + (2 + names().indexOf(node))); }

    /** node → netns path, for every node. */
    public Map<String, String> paths() {
        Map<String, String> paths = new LinkedHashMap<>();
        nodes.forEach((name, ns) -> paths.put(name, ns.path()));
        return paths;
    }

    /** node → address, for every node. */
    public Map<String, InetAddress> addresses() { return new LinkedHashMap<>(addresses); }

    /** Takes a node's eth0 down: nobody reaches it any more, and it reaches nobody. */
    public void cut(String node) {
        try (Rtnetlink rt = Rtnetlink.open(nodes.get(node))) {
            rt.setDown("eth0");
        }
    }

    public static InetAddress ip(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
