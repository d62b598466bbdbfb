package io.nslab.cli.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.cli.probe.Pingall;
import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;

/**
 * Who pings and who is pinged in a pingall of a running lab, read from its plan: every node
 * pings from its network namespace (a node that shares another's pings from there too), and
 * is pinged at the address of its first interface, as /etc/hosts names it (a node with no
 * interface of its own is not a target). It also knows which pairs share a subnet, where each
 * ping leaves a neighbour entry (see {@link Pingall.OnLink}).
 *
 * @param sources   node → path of its network namespace, in file order
 * @param addresses node → its first address, in file order
 */
public record PingTargets(Map<String, String> sources, Map<String, InetAddress> addresses,
                          Map<String, List<Iface>> interfaces) implements Pingall.OnLink {

    /** An interface of a node's namespace and its address with prefix. */
    public record Iface(String name, Cidr cidr) {}

    public static PingTargets of(Plan plan) {
        return of(plan, 4);
    }

    /**
     * Over IPv4 ({@code family} 4) or IPv6 (6): targets are pinged at their first address of
     * that family. Over IPv6 only nodes whose namespace has an IPv6 address ping (one without
     * could reach no one); over IPv4 every node does, as always.
     */
    public static PingTargets of(Plan plan, int family) {
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, InetAddress> addresses = new LinkedHashMap<>();
        Map<String, List<Iface>> byNetns = new LinkedHashMap<>();
        for (PlanNode node : plan.nodes()) {
            node.addresses(family).values().stream().findFirst()
                    .ifPresent(cidr -> addresses.put(node.name(), address(cidr)));
            node.addresses(family).forEach((ifname, cidr) ->
                    byNetns.computeIfAbsent(node.netns(), k -> new ArrayList<>()).add(new Iface(ifname, Cidr.parse(cidr))));
        }
        for (PlanNode node : plan.nodes()) {
            if (family == 4 || byNetns.containsKey(node.netns())) sources.put(node.name(), NetnsName.path(node.netns()));
        }
        Map<String, List<Iface>> interfaces = new LinkedHashMap<>();
        for (PlanNode node : plan.nodes()) interfaces.put(node.name(), List.copyOf(byNetns.getOrDefault(node.netns(), List.of())));
        return new PingTargets(Collections.unmodifiableMap(sources), Collections.unmodifiableMap(addresses),
                Collections.unmodifiableMap(interfaces));
    }

    /** The interface of source's namespace on target's subnet, or null (routed, or source knows no interface). */
    @Override
    public String interfaceToward(String source, String target) {
        InetAddress address = addresses.get(target);
        if (address == null) return null;
        IpAddress ip = IpAddress.of(address.getAddress());
        for (Iface i : interfaces.getOrDefault(source, List.of())) {
            if (i.cidr().contains(ip)) return i.name();
        }
        return null;
    }

    private static InetAddress address(String cidr) {
        String ip = cidr.substring(0, cidr.indexOf('/') < 0 ? cidr.length() : cidr.indexOf('/'));
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address in plan.json: " + cidr, e);
        }
    }
}
