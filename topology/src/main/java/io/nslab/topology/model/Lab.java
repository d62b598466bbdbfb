package io.nslab.topology.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;

/**
 * A lab file as written, after validation, with the addresses nslab gave its interfaces
 * ({@code addresses}, allocated once as the file is read): every map keeps the file's order
 * (allocation and default routes depend on it). An interface without {@code ip} still has
 * none in {@link #nodes}; its address is in {@link #addresses}.
 */
public record Lab(String name,
                  Map<String, Bridge> bridges,
                  Map<String, HostInterface> hostInterfaces,
                  Map<String, Node> nodes,
                  List<Link> links,
                  List<Check> checks,
                  Addresses addresses) {
    public Lab {
        bridges = Frozen.map(bridges);
        hostInterfaces = Frozen.map(hostInterfaces);
        nodes = Frozen.map(nodes);
        links = Frozen.list(links);
        checks = Frozen.list(checks);
        addresses = addresses == null ? Addresses.NONE : addresses;
    }

    /** The same lab with its addresses allocated. */
    public Lab withAddresses(Addresses allocated) {
        return new Lab(name, bridges, hostInterfaces, nodes, links, checks, allocated);
    }

    /** The name iproute2 shows for the lab's host side and its own nf_tables table name. */
    public String hostNetnsName() { return name; }

    public String natTableName() { return "nslab-" + name; }

    public String nodeNetnsName(String node) { return name + "-" + node; }

    /** A node interface's address of {@code family} (4 or 6), given or allocated. */
    public Optional<Cidr> address(String node, String ifname, int family) { return addresses.of(node, ifname, family); }

    /** The network namespace owner a node's name stands for: itself, or the node it shares with, or "host"; null for none (a cycle). */
    public String netnsOwner(String node) {
        String cur = node;
        for (int hops = 0; hops <= nodes.size(); hops++) {
            Node n = nodes.get(cur);
            if (n == null) return null;
            if (n.ownNetns()) return cur;
            if (n.sharesHostNetns()) return Endpoint.HOST;
            cur = n.netns();
        }
        return null; // a cycle: validation reports it
    }

    /** Whether the node (or the namespace it shares) has any IPv6 address of the lab's. */
    public boolean hasIpv6(String node) {
        String owner = netnsOwner(node);
        return owner != null && !addresses.of(owner, 6).isEmpty();
    }

    /** The host side's own first address of {@code family}: the first bridge gateway, else the first host interface's. */
    public Optional<IpAddress> hostSideAddress(int family) {
        for (Bridge b : bridges.values()) {
            Optional<IpAddress> gw = b.gatewayAddress(family);
            if (gw.isPresent()) return gw;
        }
        for (HostInterface h : hostInterfaces.values()) {
            Cidr ip = family == 6 ? h.ip6() : h.ip();
            if (ip != null) return Optional.of(ip.address());
        }
        return Optional.empty();
    }

    /** A node's address as /etc/hosts gives it: its first interface's of {@code family} (4 or 6), or that of the namespace it shares. */
    public Optional<IpAddress> nodeAddress(String node, int family) {
        String owner = netnsOwner(node);
        if (owner == null) return Optional.empty();
        if (owner.equals(Endpoint.HOST)) return hostSideAddress(family);
        Map<String, Cidr> m = addresses.of(owner, family);
        return m.isEmpty() ? Optional.empty() : Optional.of(m.values().iterator().next().address());
    }

    /**
     * What a name in a probe stands for, as in the nodes' /etc/hosts: an IP literal (itself),
     * a node, or {@code NODE.IF}, by its address of {@code family} (4 or 6). Empty when it
     * names nothing (validation says why).
     */
    public Optional<IpAddress> resolve(String name, int family) {
        if (IpAddress.isValid(name)) return Optional.of(IpAddress.parse(name));
        if (nodes.containsKey(name)) return nodeAddress(name, family);
        int dot = name.indexOf('.');
        if (dot > 0 && nodes.containsKey(name.substring(0, dot))) {
            return address(name.substring(0, dot), name.substring(dot + 1), family).map(Cidr::address);
        }
        return Optional.empty();
    }
}
