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
import io.nslab.topology.plan.Steps;

/**
 * Who pings and who is pinged in a pingall of a running lab, read from its plan: every node
 * pings from its network namespace (a node that shares another's pings from there too), and
 * is pinged at the address of its first interface, as /etc/hosts names it (a node with no
 * interface of its own is not a target). It also knows which pairs share a subnet, where each
 * ping leaves a neighbour entry (see {@link Pingall.OnLink}), and, for a pair the host side
 * routes (a bridge each, docker0's way), the four entries such a ping leaves.
 *
 * @param sources   node → path of its network namespace, in file order
 * @param addresses node → its first address, in file order
 * @param hostNetns the host side's namespace (path) and {@code hostInterfaces} its addressed interfaces
 */
public record PingTargets(Map<String, String> sources, Map<String, InetAddress> addresses,
                          Map<String, List<Iface>> interfaces, String hostNetns, List<Iface> hostInterfaces) implements Pingall.OnLink {

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
        List<Iface> host = new ArrayList<>();
        for (Steps.AddAddress a : plan.steps(Steps.AddAddress.class)) {
            if (a.netns().equals(plan.hostNetns()) && a.cidr().family() == family) host.add(new Iface(a.ifname(), a.cidr()));
        }
        return new PingTargets(Collections.unmodifiableMap(sources), Collections.unmodifiableMap(addresses),
                Collections.unmodifiableMap(interfaces), NetnsName.path(plan.hostNetns()), List.copyOf(host));
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

    /** The entries a probe from source to the node target leaves: two on one segment, four routed by the host side; none for no node. */
    List<NeighbourWindow.Entry> entries(String source, String target) {
        if (target == null || !sources.containsKey(source) || !addresses.containsKey(target) || !addresses.containsKey(source)) return List.of();
        String there = interfaceToward(source, target);
        if (there == null) return routedEntries(source, target);
        List<NeighbourWindow.Entry> entries = new ArrayList<>();
        entries.add(new NeighbourWindow.Entry(sources.get(source), there, addresses.get(target).getHostAddress()));
        String back = interfaceToward(target, source);
        if (back != null && sources.containsKey(target)) {
            entries.add(new NeighbourWindow.Entry(sources.get(target), back, addresses.get(source).getHostAddress()));
        }
        return entries;
    }

    /**
     * A pair the host side routes: the source's entry for its gateway (the host side's address
     * on its subnet), the host side's for the source and for the target, the target's for its
     * gateway. Other nodes share some of them; deleting one that another pair still uses costs
     * that pair an ARP exchange, never its answer. None when the host side is not on both
     * subnets, or when both are on one (the pair's own entries are then the two on-link ones).
     */
    @Override
    public List<NeighbourWindow.Entry> routedEntries(String source, String target) {
        Iface toSource = hostToward(source), toTarget = hostToward(target);
        if (toSource == null || toTarget == null || toSource.equals(toTarget)) return List.of(); // not the host side's to route
        List<NeighbourWindow.Entry> entries = new ArrayList<>();
        entries.add(new NeighbourWindow.Entry(hostNetns, toSource.name(), addresses.get(source).getHostAddress()));
        entries.add(new NeighbourWindow.Entry(hostNetns, toTarget.name(), addresses.get(target).getHostAddress()));
        gatewayEntry(source, toSource).ifPresent(entries::add);
        gatewayEntry(target, toTarget).ifPresent(entries::add);
        return entries;
    }

    /** The host side's interface on the node's subnet, or null. */
    private Iface hostToward(String node) {
        InetAddress address = addresses.get(node);
        if (address == null) return null;
        IpAddress ip = IpAddress.of(address.getAddress());
        for (Iface i : hostInterfaces) if (i.cidr().contains(ip)) return i;
        return null;
    }

    /** The node's entry for its gateway, the host side's address on {@code gateway}'s subnet. */
    private java.util.Optional<NeighbourWindow.Entry> gatewayEntry(String node, Iface gateway) {
        IpAddress gw = gateway.cidr().address();
        String path = sources.get(node);
        if (path == null) return java.util.Optional.empty();
        for (Iface i : interfaces.getOrDefault(node, List.of())) {
            if (i.cidr().contains(gw)) return java.util.Optional.of(new NeighbourWindow.Entry(path, i.name(), gw.toString()));
        }
        return java.util.Optional.empty();
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
