package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nslab.addr.Cidr;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Link;
import io.nslab.topology.model.Node;

/**
 * The rules of a lab's links, part of {@link LabRules} (nslab's choices, where the format leaves
 * room): a link joins two different interfaces that are not on a bridge; both ends have an ip
 * (there is no bridge to hand one out, and an unaddressed veth is unreachable); both ips lie in
 * one subnet with the same prefix and differ; that subnet is the link's and must not overlap any
 * other bridge's or link's; if both ends give an mtu they agree, and it then wins over the
 * link's; an interface is the end of exactly one link or on a bridge; a link is impaired once.
 */
final class LinkRules {
    private final Lab lab;
    private final Problems problems;

    LinkRules(Lab lab, Problems problems) {
        this.lab = lab;
        this.problems = problems;
    }

    /** One end of a link, resolved: where it is, its address and its mtu as declared. */
    private record End(String path, Cidr ip, Integer mtu, String key, Cidr ip6) {
        End(String path, Cidr ip, Integer mtu, String key) { this(path, ip, mtu, key, null); }

        Cidr ip(int family) { return family == 6 ? ip6 : ip; }
    }

    /** A link's impairment is given once: on the link or on one of its ends, so no two settings fight over one egress. */
    private void impairedOnce(Link l, String linkPath) {
        List<String> places = new ArrayList<>();
        if (!l.impair().isNone()) places.add(Problems.key(linkPath, "impair"));
        for (Endpoint e : new Endpoint[] {l.a(), l.b()}) {
            if (e == null || e.isHost()) continue;
            Node n = lab.nodes().get(e.owner());
            Interface i = n == null ? null : n.interfaces().get(e.ifname());
            if (i != null && !i.impair().isNone()) places.add(Problems.key(LabRules.ifPath(n.name(), i.name()), "impair"));
        }
        if (places.size() > 1) {
            problems.add(places.get(1), "the link is impaired here and at " + places.get(0)
                    + "; give a link's impairment once, on the link or on one of its ends (with \"out\" and \"in\")");
        }
    }

    /** Checks every link; each link's subnet joins {@code subnets} (the bridges', so far), and none may overlap another. */
    void check(Map<Cidr, String> subnets) {
        Map<String, Integer> used = new HashMap<>();
        for (int k = 0; k < lab.links().size(); k++) {
            Link l = lab.links().get(k);
            String p = Problems.index("links", k);
            End a = end(l.a(), Problems.index(Problems.key(p, "endpoints"), 0));
            End b = end(l.b(), Problems.index(Problems.key(p, "endpoints"), 1));
            if (a != null && b != null && a.key().equals(b.key())) {
                problems.add(b.path(), "both ends are " + a.key() + "; a link joins two different interfaces");
                used.putIfAbsent(a.key(), k);
                continue;
            }
            for (End e : new End[] {a, b}) {
                if (e == null) continue;
                Integer before = used.putIfAbsent(e.key(), k);
                if (before != null) {
                    problems.add(e.path(), e.key() + " is already an end of links[" + before + "]; an interface is the end of exactly one link");
                }
            }
            impairedOnce(l, p);
            if (a == null || b == null) continue;
            if (a.mtu() != null && b.mtu() != null && !a.mtu().equals(b.mtu())) {
                problems.add(b.path(), "mtu " + b.mtu() + " differs from the other end's " + a.mtu() + "; the two ends of a link share one MTU");
            }
            linkSubnet(p, a, b, 4, subnets);
            linkSubnet(p, a, b, 6, subnets);
        }
        for (Node n : lab.nodes().values()) {
            for (Interface i : n.interfaces().values()) {
                if (!i.onBridge() && !used.containsKey(n.name() + ":" + i.name())) {
                    problems.add(LabRules.ifPath(n.name(), i.name()), "has no bridge and is the end of no link; give it a bridge or add a link with endpoint \""
                            + n.name() + ":" + i.name() + "\"");
                }
            }
        }
        for (HostInterface h : lab.hostInterfaces().values()) {
            if (!used.containsKey("host:" + h.name())) {
                problems.add(Problems.key(Problems.key("host", "interfaces"), h.name()), "is the end of no link; add a link with endpoint \"host:" + h.name() + "\"");
            }
        }
    }

    /** Both ends of a link in one subnet of {@code family}, with different addresses, overlapping no other subnet. */
    private void linkSubnet(String p, End a, End b, int family, Map<Cidr, String> subnets) {
        Cidr x = a.ip(family), y = b.ip(family);
        if (x == null && y == null) return;
        if (x == null || y == null) {
            End without = x == null ? a : b;
            if (without.ip() == null && without.ip6() == null) return; // end() said so
            problems.add(without.path(), without.key() + " has no " + (family == 6 ? "ip6" : "ip") + " but the other end has one; give both ends one");
            return;
        }
        if (!x.subnet().equals(y.subnet())) {
            problems.add(b.path(), b.key() + "'s " + y + " is not in the subnet " + x.subnet() + " of " + a.key() + "'s " + x);
            return;
        }
        if (x.address().equals(y.address())) {
            problems.add(b.path(), "both ends have the address " + x.address());
            return;
        }
        String other = LabRules.overlapping(subnets, x.subnet());
        if (other != null) problems.add(p, "the link's subnet " + x.subnet() + " overlaps " + other);
        else subnets.put(x.subnet(), p + "'s subnet");
    }

    private End end(Endpoint e, String path) {
        if (e == null) return null;
        if (e.isHost()) {
            HostInterface h = lab.hostInterfaces().get(e.ifname());
            if (h == null) {
                problems.add(path, "\"" + e + "\": the host side has no interface \"" + e.ifname() + "\"; declare it in host.interfaces" + LabRules.known(lab.hostInterfaces().keySet()));
                return null;
            }
            return new End(path, h.ip(), h.mtu(), e.toString(), h.ip6());
        }
        Node n = lab.nodes().get(e.owner());
        if (n == null) {
            problems.add(path, "\"" + e + "\": no node named \"" + e.owner() + "\"" + LabRules.known(lab.nodes().keySet()));
            return null;
        }
        Interface i = n.interfaces().get(e.ifname());
        if (i == null) {
            problems.add(path, "\"" + e + "\": node \"" + n.name() + "\" has no interface \"" + e.ifname() + "\"" + LabRules.known(n.interfaces().keySet()));
            return null;
        }
        if (i.onBridge()) {
            problems.add(path, "\"" + e + "\" is on bridge \"" + i.bridge() + "\"; a link end is an interface without bridge");
            return null;
        }
        if (i.ip() == null && i.ip6() == null) {
            problems.add(Problems.key(LabRules.ifPath(n.name(), i.name()), "ip"), "missing; an interface at the end of a link needs an address, ip or ip6 (no bridge hands one out)");
        }
        return new End(path, i.ip(), i.mtu(), e.toString(), i.ip6());
    }
}
