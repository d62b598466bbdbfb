package io.nslab.cli.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.nslab.addr.Cidr;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Address;
import io.nslab.netlink.route.Link;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.topology.plan.NetnsName;

/**
 * What the kernel has in one node's network namespace now, for status and inspect: each
 * interface but loopback, whether it is up, and its IPv4 and IPv6 addresses (as {@code ip}
 * prints them, in the kernel's order). When the namespace cannot be read, {@code error} says
 * why and the maps hold what was read before.
 */
public record NodeInterfaces(Map<String, List<String>> addresses, Map<String, Boolean> up, String error) {
    /** Link-local IPv6 addresses, fe80::/10: every IPv6 interface has one. */
    private static final Cidr LINK_LOCAL = Cidr.parse("fe80::/10");

    /** Nothing: the machine's own namespace, whose interfaces are not the lab's to show. */
    public static NodeInterfaces none() {
        return new NodeInterfaces(new LinkedHashMap<>(), new LinkedHashMap<>(), null);
    }

    /** The interfaces of {@code netns} (as steps name it) and their addresses; link-local IPv6 ones only if {@code linkLocal}. */
    public static NodeInterfaces read(String netns, boolean linkLocal) {
        return read(() -> NetnsName.isCurrent(netns) ? NetNs.current() : NetNs.open(netns), "netns " + netns, linkLocal);
    }

    /** The same for the network namespace a process is in ({@code /proc/PID/ns/net}): a node's, found by its init. */
    public static NodeInterfaces ofProcess(int pid, boolean linkLocal) {
        String path = "/proc/" + pid + "/ns/net";
        return read(() -> NetNs.openPath(path), path, linkLocal);
    }

    /**
     * The same for many namespaces (by name, as steps name them), each read once: what
     * {@link #read(String, boolean)} gives for each, without its cost per namespace. That opens
     * its socket from a thread of its own, made for the one namespace: a lab's status made
     * 10,000 of them. Here one thread opens the sockets of
     * {@link OpenFiles#namespacesToHold()} namespaces at a time, the most held open at once.
     * The names are of namespaces nslab made (not this process's own), each once, in the order given.
     */
    public static Map<String, NodeInterfaces> readAll(Collection<String> netns, boolean linkLocal) {
        return readAll(netns, linkLocal, OpenFiles.namespacesToHold());
    }

    static Map<String, NodeInterfaces> readAll(Collection<String> netns, boolean linkLocal, int atOnce) {
        List<String> names = List.copyOf(new LinkedHashSet<>(netns));
        Map<String, NodeInterfaces> out = new LinkedHashMap<>();
        for (String name : names) out.put(name, null); // the order given; each part fills its own
        for (int from = 0; from < names.size(); from += atOnce) readPart(names.subList(from, Math.min(names.size(), from + atOnce)), linkLocal, out);
        return out;
    }

    private static void readPart(List<String> names, boolean linkLocal, Map<String, NodeInterfaces> out) {
        List<NetNs> opened = new ArrayList<>();
        try {
            for (String name : names) {
                try {
                    opened.add(NetNs.open(name));
                } catch (RuntimeException e) {
                    out.put(name, new NodeInterfaces(new LinkedHashMap<>(), new LinkedHashMap<>(), "netns " + name + ": " + e.getMessage()));
                }
            }
            List<Rtnetlink> sockets;
            try {
                sockets = Rtnetlink.open(opened);
            } catch (RuntimeException e) {
                // one of them refused a socket: each on its own, each with its own message
                for (NetNs ns : opened) out.put(ns.name(), read(ns.name(), linkLocal));
                return;
            }
            try {
                for (Rtnetlink rt : sockets) out.put(rt.netns().name(), read(rt, "netns " + rt.netns().name(), linkLocal));
            } finally {
                sockets.forEach(Rtnetlink::close);
            }
        } finally {
            opened.forEach(NetNs::close);
        }
    }

    private static NodeInterfaces read(Supplier<NetNs> open, String what, boolean linkLocal) {
        try (NetNs ns = open.get(); Rtnetlink rt = Rtnetlink.open(ns)) {
            return read(rt, what, linkLocal);
        } catch (RuntimeException e) {
            return new NodeInterfaces(new LinkedHashMap<>(), new LinkedHashMap<>(), what + ": " + e.getMessage());
        }
    }

    private static NodeInterfaces read(Rtnetlink rt, String what, boolean linkLocal) {
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        Map<String, Boolean> up = new LinkedHashMap<>();
        try {
            for (Link l : rt.links()) {
                if (l.name().equals("lo")) continue;
                addresses.put(l.name(), new ArrayList<>());
                up.put(l.name(), l.up());
            }
            for (Address a : rt.addresses()) {
                if (!addresses.containsKey(a.ifname())) continue;
                if (!linkLocal && LINK_LOCAL.contains(Cidr.parse(a.cidr()).address())) continue;
                addresses.get(a.ifname()).add(a.cidr());
            }
            return new NodeInterfaces(addresses, up, null);
        } catch (RuntimeException e) {
            return new NodeInterfaces(addresses, up, what + ": " + e.getMessage());
        }
    }

    /** An interface's addresses of one family (4 or 6). */
    public List<String> addresses(String ifname, int family) {
        return addresses.getOrDefault(ifname, List.of()).stream().filter(a -> Cidr.parse(a).family() == family).toList();
    }

    /** Removes a delay line's tap, which is nslab's plumbing rather than an interface of the node. */
    public void forget(String ifname) {
        addresses.remove(ifname);
        up.remove(ifname);
    }
}
