package io.nslab.topology;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;
import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.topology.parse.Problems;

/**
 * The addresses of a lab, as lab-format.md allocates them, for IPv4 and IPv6 alike: a
 * bridge's gateway is its subnet's first host address unless given (or {@code "none"}); an
 * interface on a bridge without {@code ip} ({@code ip6}) gets the first free address after
 * the gateway, in file order, where free means neither the gateway nor any address written in
 * the file nor one handed out before. It also answers which address a name in a probe or
 * /etc/hosts stands for.
 */
public final class Addressing {
    private final Lab lab;
    private final Map<String, Map<String, Cidr>> byNode = new LinkedHashMap<>();
    private final Map<String, Map<String, Cidr>> byNode6 = new LinkedHashMap<>();

    private Addressing(Lab lab) { this.lab = lab; }

    /** Allocates; a bridge that runs out of addresses is reported to {@code problems} at the interface that found it full. */
    public static Addressing allocate(Lab lab, Problems problems) {
        Addressing a = new Addressing(lab);
        a.allocate(4, a.byNode, problems);
        a.allocate(6, a.byNode6, problems);
        return a;
    }

    private void allocate(int family, Map<String, Map<String, Cidr>> into, Problems problems) {
        Map<String, Set<IpAddress>> taken = new LinkedHashMap<>();
        for (Bridge b : lab.bridges().values()) {
            Set<IpAddress> t = new HashSet<>();
            gatewayOf(b, family).ifPresent(t::add);
            taken.put(b.name(), t);
        }
        for (Node n : lab.nodes().values()) {
            for (Interface i : n.interfaces().values()) {
                if (i.onBridge() && i.ip(family) != null && taken.containsKey(i.bridge())) taken.get(i.bridge()).add(i.ip(family).address());
            }
        }
        Map<String, IpAddress> next = new LinkedHashMap<>();
        for (Node n : lab.nodes().values()) {
            Map<String, Cidr> mine = new LinkedHashMap<>();
            for (Interface i : n.interfaces().values()) {
                if (i.ip(family) != null) {
                    mine.put(i.name(), i.ip(family));
                    continue;
                }
                Bridge b = i.onBridge() ? lab.bridges().get(i.bridge()) : null;
                Cidr subnet = b == null ? null : b.subnet(family);
                if (subnet == null) continue;
                // Everything from the gateway up to the last address handed out is taken: go on from there
                // (a scan from the gateway each time made a bridge of n nodes cost n^2).
                IpAddress start = next.getOrDefault(b.name(), gatewayOf(b, family).orElse(subnet.firstHost()));
                Optional<IpAddress> free = firstFree(subnet, start, taken.get(b.name()));
                if (free.isEmpty()) {
                    problems.add(Problems.key(Problems.key(Problems.key("nodes", n.name()), "interfaces"), i.name()),
                            "no free address left in bridge \"" + b.name() + "\"'s subnet " + subnet);
                    continue;
                }
                taken.get(b.name()).add(free.get());
                next.put(b.name(), free.get());
                mine.put(i.name(), Cidr.of(free.get(), subnet.prefix()));
            }
            into.put(n.name(), mine);
        }
    }

    private static Optional<IpAddress> gatewayOf(Bridge b, int family) {
        try {
            return b.gatewayAddress(family);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<IpAddress> firstFree(Cidr subnet, IpAddress start, Set<IpAddress> taken) {
        for (IpAddress ip = start; ip.compareTo(subnet.lastHost()) <= 0; ip = ip.plus(1)) {
            if (!taken.contains(ip)) return Optional.of(ip);
            if (ip.equals(subnet.lastHost())) break;
        }
        return Optional.empty();
    }

    /** A node interface's address with its prefix: given or allocated; empty only for an invalid file. */
    public Optional<Cidr> address(String node, String ifname) { return address(node, ifname, 4); }

    /** A node interface's address of {@code family} (4 or 6), given or allocated. */
    public Optional<Cidr> address(String node, String ifname, int family) {
        Map<String, Cidr> m = (family == 6 ? byNode6 : byNode).get(node);
        return Optional.ofNullable(m == null ? null : m.get(ifname));
    }

    /** Whether the node (or the namespace it shares) has any IPv6 address of the lab's. */
    public boolean hasIpv6(String node) {
        String owner = netnsOwner(node);
        Map<String, Cidr> m = owner == null ? null : byNode6.get(owner);
        return m != null && !m.isEmpty();
    }

    /** The network namespace owner a node's name stands for: itself, or the node it shares with, or "host". */
    public String netnsOwner(String node) {
        String cur = node;
        for (int hops = 0; hops <= lab.nodes().size(); hops++) {
            Node n = lab.nodes().get(cur);
            if (n == null) return null;
            if (n.ownNetns()) return cur;
            if (n.sharesHostNetns()) return Endpoint.HOST;
            cur = n.netns();
        }
        return null; // a cycle: LabRules reports it
    }

    /** The host side's own first address: the first bridge gateway, else the first host interface's. */
    public Optional<IpAddress> hostSideAddress() { return hostSideAddress(4); }

    private Optional<IpAddress> hostSideAddress(int family) {
        for (Bridge b : lab.bridges().values()) {
            if (gatewayOf(b, family).isPresent()) return gatewayOf(b, family);
        }
        for (HostInterface h : lab.hostInterfaces().values()) {
            Cidr ip = family == 6 ? h.ip6() : h.ip();
            if (ip != null) return Optional.of(ip.address());
        }
        return Optional.empty();
    }

    /** A node's address as /etc/hosts gives it: its first interface's (or that of the namespace it shares). */
    public Optional<IpAddress> nodeAddress(String node) { return nodeAddress(node, 4); }

    /** A node's first address of {@code family} (4 or 6). */
    public Optional<IpAddress> nodeAddress(String node, int family) {
        String owner = netnsOwner(node);
        if (owner == null) return Optional.empty();
        if (owner.equals(Endpoint.HOST)) return hostSideAddress(family);
        Map<String, Cidr> m = (family == 6 ? byNode6 : byNode).get(owner);
        return m == null || m.isEmpty() ? Optional.empty() : Optional.of(m.values().iterator().next().address());
    }

    /**
     * What a name in a probe stands for, as in the nodes' /etc/hosts: an IP literal, a
     * node, or {@code NODE.IF}. Empty when it names nothing (LabRules says why).
     */
    public Optional<IpAddress> resolve(String name) { return resolve(name, 4); }

    /** The same, a name standing for its address of {@code family} (4 or 6); a literal is itself. */
    public Optional<IpAddress> resolve(String name, int family) {
        if (IpAddress.isValid(name)) return Optional.of(IpAddress.parse(name));
        if (lab.nodes().containsKey(name)) return nodeAddress(name, family);
        int dot = name.indexOf('.');
        if (dot > 0 && lab.nodes().containsKey(name.substring(0, dot))) {
            return address(name.substring(0, dot), name.substring(dot + 1), family).map(Cidr::address);
        }
        return Optional.empty();
    }
}
