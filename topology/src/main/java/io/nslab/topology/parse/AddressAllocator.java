package io.nslab.topology.parse;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.topology.model.Addresses;
import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;

/**
 * Gives every node interface its address, as lab-format.md allocates them, for IPv4 and IPv6
 * alike: a bridge's gateway is its subnet's first host address unless given (or {@code "none"});
 * an interface on a bridge without {@code ip} ({@code ip6}) gets the first free address after
 * the gateway, in file order, where free means neither the gateway nor any address written in
 * the file nor one handed out before. Runs once per lab file, before the rules that need the
 * result (routes through a connected subnet, probes that name a node).
 */
public final class AddressAllocator {
    private final Lab lab;
    private final Problems problems;

    private AddressAllocator(Lab lab, Problems problems) {
        this.lab = lab;
        this.problems = problems;
    }

    /** Allocates; a bridge that runs out of addresses is reported to {@code problems} at the interface that found it full. */
    public static Addresses allocate(Lab lab, Problems problems) {
        AddressAllocator a = new AddressAllocator(lab, problems);
        return new Addresses(a.allocate(4), a.allocate(6));
    }

    private Map<String, Map<String, Cidr>> allocate(int family) {
        Map<String, Map<String, Cidr>> byNode = new LinkedHashMap<>();
        Map<String, Set<IpAddress>> taken = new LinkedHashMap<>();
        for (Bridge b : lab.bridges().values()) {
            Set<IpAddress> t = new HashSet<>();
            b.gatewayAddress(family).ifPresent(t::add);
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
                IpAddress start = next.getOrDefault(b.name(), b.gatewayAddress(family).orElse(subnet.firstHost()));
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
            byNode.put(n.name(), mine);
        }
        return byNode;
    }

    private static Optional<IpAddress> firstFree(Cidr subnet, IpAddress start, Set<IpAddress> taken) {
        for (IpAddress ip = start; ip.compareTo(subnet.lastHost()) <= 0; ip = ip.plus(1)) {
            if (!taken.contains(ip)) return Optional.of(ip);
            if (ip.equals(subnet.lastHost())) break;
        }
        return Optional.empty();
    }
}
