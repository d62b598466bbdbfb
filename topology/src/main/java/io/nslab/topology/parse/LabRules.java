package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Check;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.Publish;
import io.nslab.topology.model.Route;
import io.nslab.topology.model.Service;
import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;

/**
 * The rules that tie a lab's parts together: references resolve, subnets do not overlap,
 * addresses sit in their subnet and are unique, links join two addressed ends, shared
 * network namespaces form no cycle, routes go through a connected subnet, probes name
 * something, exec checks run in a node; links by {@link LinkRules}. Runs on what
 * {@link LabReader} could read, with the addresses {@link AddressAllocator} gave it; parts it
 * had to drop are skipped.
 */
public final class LabRules {
    private final Lab lab;
    private final Problems problems;
    /** BR_MAX_PORTS is 1024 and port number 0 is never used: a Linux bridge takes 1023 ports. */
    static final int MAX_BRIDGE_PORTS = 1023;
    private final Map<String, Integer> ports = new HashMap<>();
    /** netns owner -> "proto/port" -> the nodes (in file order) whose services listen there. */
    private final Map<String, Map<String, List<String>>> portsByNetns = new HashMap<>();

    private LabRules(Lab lab, Problems problems) {
        this.lab = lab;
        this.problems = problems;
    }

    public static void check(Lab lab, Problems problems) {
        new LabRules(lab, problems).run();
    }

    private static String nodePath(String node) { return Problems.key("nodes", node); }

    static String ifPath(String node, String ifname) { return Problems.key(Problems.key(nodePath(node), "interfaces"), ifname); }

    private void run() {
        bridges();
        nodes();
        Map<Cidr, String> subnets = bridgeSubnets();
        new LinkRules(lab, problems).check(subnets);
        hostInterfacesUsed();
        publishUnique();
        checks();
    }

    private void bridges() {
        for (Bridge b : lab.bridges().values()) {
            String p = Problems.key("bridges", b.name());
            if (lab.hostInterfaces().containsKey(b.name())) {
                problems.add(p, "\"" + b.name() + "\" is also a host interface; both live in the host side and need different names");
            }
            gatewayInSubnet(p, "gateway", b.subnet(), b.gateway());
            gatewayInSubnet(p, "gateway6", b.subnet6(), b.gateway6());
        }
    }

    private void gatewayInSubnet(String p, String key, Cidr subnet, String gateway) {
        if (subnet == null || gateway == null || gateway.equals(Bridge.NO_GATEWAY)) return;
        IpAddress gw = IpAddress.parse(gateway);
        if (!subnet.isHost(gw)) problems.add(Problems.key(p, key), gw + " is not a host address of the bridge's subnet " + subnet);
    }

    /** Bridge subnets, reporting overlaps; the map goes on to the links' check. */
    private Map<Cidr, String> bridgeSubnets() {
        Map<Cidr, String> seen = new LinkedHashMap<>();
        for (String key : List.of("subnet", "subnet6")) {
            for (Bridge b : lab.bridges().values()) {
                Cidr subnet = key.equals("subnet") ? b.subnet() : b.subnet6();
                if (subnet == null) continue;
                String p = Problems.key(Problems.key("bridges", b.name()), key);
                String other = overlapping(seen, subnet);
                if (other != null) problems.add(p, subnet + " overlaps " + other);
                else seen.put(subnet, "bridge \"" + b.name() + "\"'s " + key);
            }
        }
        return seen;
    }

    static String overlapping(Map<Cidr, String> seen, Cidr c) {
        for (Map.Entry<Cidr, String> e : seen.entrySet()) {
            if (e.getKey().overlaps(c)) return e.getValue() + " " + e.getKey();
        }
        return null;
    }

    private void nodes() {
        for (Node n : lab.nodes().values()) {
            String p = nodePath(n.name());
            for (Interface i : n.interfaces().values()) bridgePort(n, i);
            netns(n, p);
            routes(n, p);
            services(n, p);
        }
    }

    private void bridgePort(Node n, Interface i) {
        if (!i.onBridge()) return;
        String p = Problems.key(ifPath(n.name(), i.name()), "bridge");
        Bridge b = lab.bridges().get(i.bridge());
        if (b == null) {
            problems.add(p, "no bridge named \"" + i.bridge() + "\"" + known(lab.bridges().keySet()));
            return;
        }
        if (ports.merge(b.name(), 1, Integer::sum) == MAX_BRIDGE_PORTS + 1) {
            problems.add(p, "bridge \"" + b.name() + "\" already has " + MAX_BRIDGE_PORTS + " ports, the kernel's limit");
        }
        portAddress(n, i, b, 4);
        portAddress(n, i, b, 6);
    }

    /** A bridge port's written address of {@code family}: in the bridge's subnet of that family, not its gateway, not taken. */
    private void portAddress(Node n, Interface i, Bridge b, int family) {
        Cidr ip = i.ip(family), subnet = b.subnet(family);
        String ipPath = Problems.key(ifPath(n.name(), i.name()), family == 6 ? "ip6" : "ip");
        if (ip == null) return;
        if (subnet == null) {
            problems.add(ipPath, "bridge \"" + b.name() + "\" has no " + (family == 6 ? "subnet6" : "subnet") + " for this address");
            return;
        }
        if (!subnet.contains(ip.address()) || ip.prefix() != subnet.prefix()) {
            problems.add(ipPath, ip + " is not in bridge \"" + b.name() + "\"'s subnet " + subnet
                    + " (same network and prefix length)");
            return;
        }
        b.gatewayAddress(family).filter(gw -> gw.equals(ip.address())).ifPresent(gw ->
                problems.add(ipPath, gw + " is bridge \"" + b.name() + "\"'s gateway address"));
        for (Node m : lab.nodes().values()) {
            for (Interface j : m.interfaces().values()) {
                if (j == i) return;
                if (j.ip(family) != null && j.ip(family).address().equals(ip.address())) {
                    problems.add(ipPath, ip.address() + " is already nodes." + m.name() + ".interfaces." + j.name() + "'s address");
                    return;
                }
            }
        }
    }

    static String known(java.util.Collection<String> names) {
        return names.isEmpty() ? " (the lab has none)" : " (known: " + String.join(", ", names) + ")";
    }

    private void netns(Node n, String p) {
        if (n.ownNetns()) return;
        String np = Problems.key(p, "netns");
        if (!n.sharesHostNetns()) {
            if (n.netns().equals(n.name())) {
                problems.add(np, "a node cannot share its own network namespace");
                return;
            }
            if (!lab.nodes().containsKey(n.netns())) {
                problems.add(np, "\"" + n.netns() + "\" is neither \"host\" nor a node" + known(lab.nodes().keySet()));
                return;
            }
            if (lab.netnsOwner(n.name()) == null) {
                problems.add(np, "the nodes' netns references go round in a cycle; one of them needs a namespace of its own");
            }
        }
        String why = "a node that shares " + (n.sharesHostNetns() ? "the host side's" : "\"" + n.netns() + "\"'s")
                + " network namespace ";
        if (!n.interfaces().isEmpty()) problems.add(Problems.key(p, "interfaces"), why + "has no interfaces of its own");
        if (!n.routes().isEmpty()) problems.add(Problems.key(p, "routes"), why + "has no routes of its own (give them to the namespace's owner)");
        if (!n.sysctls().isEmpty()) problems.add(Problems.key(p, "sysctls"), why + "has no sysctls of its own (give them to the namespace's owner)");
        if (!n.publish().isEmpty()) problems.add(Problems.key(p, "publish"), why + "cannot publish ports (as with docker --net container:X; publish on the owner)");
    }

    /** The subnets a node is directly connected to, from its own interfaces (given or allocated addresses). */
    private List<Cidr> connected(Node n) {
        List<Cidr> out = new ArrayList<>();
        for (Interface i : n.interfaces().values()) {
            lab.address(n.name(), i.name(), 4).ifPresent(c -> out.add(c.subnet()));
            lab.address(n.name(), i.name(), 6).ifPresent(c -> out.add(c.subnet()));
        }
        return out;
    }

    private void routes(Node n, String p) {
        List<Cidr> connected = connected(n);
        Map<String, Integer> seenTo = new HashMap<>();
        for (int k = 0; k < n.routes().size(); k++) {
            Route r = n.routes().get(k);
            String rp = Problems.index(Problems.key(p, "routes"), k);
            Integer before = seenTo.putIfAbsent(r.to().toString(), k);
            if (before != null) problems.add(Problems.key(rp, "to"), "a second route to " + r.destination() + " (the first is routes[" + before + "])");
            if (connected.stream().noneMatch(c -> c.contains(r.via()))) {
                problems.add(Problems.key(rp, "via"), r.via() + " is not on a subnet the node is connected to"
                        + (connected.isEmpty() ? " (it has no addressed interface)" : " (" + connected.stream().map(Cidr::toString).reduce((a, b) -> a + ", " + b).get() + ")"));
            } else {
                for (Interface i : n.interfaces().values()) {
                    if (lab.address(n.name(), i.name(), r.via().family()).map(c -> c.address().equals(r.via())).orElse(false)) {
                        problems.add(Problems.key(rp, "via"), r.via() + " is the node's own address; via names the next router");
                    }
                }
            }
        }
    }

    private void services(Node n, String p) {
        for (int k = 0; k < n.services().size(); k++) {
            Service s = n.services().get(k);
            for (int j = 0; j < k; j++) {
                Service t = n.services().get(j);
                if (t.proto().equals(s.proto()) && t.port() == s.port()) {
                    problems.add(Problems.index(Problems.key(p, "services"), k), s.proto() + " port " + s.port() + " is already taken by services[" + j + "]");
                }
            }
        }
        // Nodes sharing a network namespace share its ports too. Nodes are visited in file order, so
        // the earlier claimants of a port are known by then (a map, not a scan of every earlier node).
        String owner = lab.netnsOwner(n.name());
        if (owner == null) return;
        Map<String, List<String>> claimed = portsByNetns.computeIfAbsent(owner, o -> new HashMap<>());
        for (int k = 0; k < n.services().size(); k++) {
            Service s = n.services().get(k);
            for (String m : claimed.getOrDefault(s.proto() + "/" + s.port(), List.of())) {
                if (m.equals(n.name())) continue;
                problems.add(Problems.index(Problems.key(p, "services"), k), s.proto() + " port " + s.port()
                        + " is already taken by node \"" + m + "\", which shares this network namespace");
            }
        }
        for (Service s : n.services()) {
            List<String> nodes = claimed.computeIfAbsent(s.proto() + "/" + s.port(), x -> new ArrayList<>());
            if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).equals(n.name())) nodes.add(n.name());
        }
    }

    private void hostInterfacesUsed() {
        // A host interface's address must not collide with a bridge gateway: both are the host side's own addresses.
        for (HostInterface h : lab.hostInterfaces().values()) {
            for (Bridge b : lab.bridges().values()) {
                if (h.ip() != null && b.subnet() != null && b.subnet().contains(h.ip().address())) {
                    problems.add(Problems.key(Problems.key(Problems.key("host", "interfaces"), h.name()), "ip"),
                            h.ip() + " lies in bridge \"" + b.name() + "\"'s subnet " + b.subnet());
                }
                if (h.ip6() != null && b.subnet6() != null && b.subnet6().contains(h.ip6().address())) {
                    problems.add(Problems.key(Problems.key(Problems.key("host", "interfaces"), h.name()), "ip6"),
                            h.ip6() + " lies in bridge \"" + b.name() + "\"'s subnet6 " + b.subnet6());
                }
            }
        }
    }

    private void publishUnique() {
        Map<String, String> seen = new HashMap<>();
        for (Node n : lab.nodes().values()) {
            for (int k = 0; k < n.publish().size(); k++) {
                Publish pub = n.publish().get(k);
                String p = Problems.index(Problems.key(nodePath(n.name()), "publish"), k);
                String before = seen.putIfAbsent(pub.proto() + "/" + pub.hostPort(), p);
                if (before != null) {
                    problems.add(p, "host port " + pub.hostPort() + "/" + pub.proto() + " is already published by " + before);
                } else if (n.ownNetns() && n.interfaces().isEmpty()) {
                    problems.add(p, "the node has no interface, so no address to forward " + pub + " to");
                }
            }
        }
    }

    private void checks() {
        for (int k = 0; k < lab.checks().size(); k++) {
            Check c = lab.checks().get(k);
            if (c == null) continue;
            String p = Problems.index("checks", k);
            if (c.isExec()) {
                // A command runs inside a node through its init (like nslab exec); the host side has none.
                if (c.from().equals(Names.HOST)) {
                    problems.add(Problems.key(p, "from"), "an exec check runs inside a node, through its init; the host side has none, so name a node"
                            + known(lab.nodes().keySet()));
                } else if (!lab.nodes().containsKey(c.from())) {
                    problems.add(Problems.key(p, "from"), "\"" + c.from() + "\" is not a node" + known(lab.nodes().keySet()));
                }
                continue;
            }
            if (!c.from().equals(Names.HOST) && !lab.nodes().containsKey(c.from())) {
                problems.add(Problems.key(p, "from"), "\"" + c.from() + "\" is neither \"host\" nor a node" + known(lab.nodes().keySet()));
            }
            String host = ProbeTarget.parse(c.probe(), c.target()).host();
            if (lab.resolve(host, c.family()).isEmpty()) {
                problems.add(Problems.key(p, c.probe()), "\"" + host + "\" " + unresolved(host, c.family()));
            }
        }
    }

    private String unresolved(String name, int family) {
        if (lab.nodes().containsKey(name)) {
            // An IPv6-only node named without "family": 6 is a likely slip; say so rather than "no interfaces".
            if (family == 4 && lab.resolve(name, 6).isPresent()) return "has no IPv4 address, only IPv6 (add \"family\": 6 to resolve it to its ip6)";
            return family == 6 ? "has no IPv6 address (\"family\": 6 resolves a node to its ip6)" : "has no address (a node without interfaces)";
        }
        int dot = name.indexOf('.');
        if (dot > 0 && lab.nodes().containsKey(name.substring(0, dot))) {
            Node n = lab.nodes().get(name.substring(0, dot));
            if (n.interfaces().containsKey(name.substring(dot + 1))) return "has no IPv" + family + " address";
            return "names no interface of node \"" + n.name() + "\"" + known(n.interfaces().keySet());
        }
        return "is not a node, NODE.IF or IP address" + known(lab.nodes().keySet());
    }

}
