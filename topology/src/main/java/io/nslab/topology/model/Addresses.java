package io.nslab.topology.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.nslab.addr.Cidr;

/**
 * Every node interface's address with its prefix, IPv4 ({@code v4}) and IPv6 ({@code v6}):
 * as written, or allocated from its bridge's subnet as lab-format.md says. Computed once, when
 * the lab file is read ({@code parse/AddressAllocator}); validation, the plan, the graph and
 * /etc/hosts all read this one result. Node -> interface -> address, in file order; every node
 * of the lab has an entry, empty when it has no address of that family.
 */
public record Addresses(Map<String, Map<String, Cidr>> v4, Map<String, Map<String, Cidr>> v6) {
    /** A lab not allocated yet (as read, before the rules run). */
    public static final Addresses NONE = new Addresses(Map.of(), Map.of());

    public Addresses {
        v4 = frozen(v4);
        v6 = frozen(v6);
    }

    private static Map<String, Map<String, Cidr>> frozen(Map<String, Map<String, Cidr>> byNode) {
        Map<String, Map<String, Cidr>> out = new LinkedHashMap<>();
        byNode.forEach((node, ifs) -> out.put(node, Frozen.map(ifs)));
        return Frozen.map(out);
    }

    /** A node's addresses of {@code family} (4 or 6), interface -> address; empty for a node without any. */
    public Map<String, Cidr> of(String node, int family) {
        return (family == 6 ? v6 : v4).getOrDefault(node, Map.of());
    }

    /** A node interface's address of {@code family} (4 or 6). */
    public Optional<Cidr> of(String node, String ifname, int family) {
        return Optional.ofNullable(of(node, family).get(ifname));
    }
}
