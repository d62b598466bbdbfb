package io.nslab.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.ns.NetNsCreateFailed;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.topology.plan.Netns;

/**
 * The open namespaces and netlink sockets of one {@code up} or {@code down}: one handle and one
 * rtnetlink socket per namespace, opened once and reused by every step there. Link changes are
 * queued in a batch per namespace and sent when a step needs them done (a step in another
 * namespace, a sysctl, NAT, a process): a lab of a hundred nodes costs a few hundred sends
 * rather than thousands of round trips.
 */
final class KernelHandles implements AutoCloseable {
    private final Map<String, NetNs> namespaces = new LinkedHashMap<>();
    private final Map<String, Rtnetlink> sockets = new LinkedHashMap<>();
    private final Map<String, RtnetlinkBatch> batches = new LinkedHashMap<>();
    private String pendingIn;

    /** The namespace named as steps name it (a name under /run/netns, or {@link Netns#CURRENT}). */
    NetNs netns(String name) {
        return namespaces.computeIfAbsent(name, n -> Netns.isCurrent(n) ? NetNs.current() : NetNs.open(n));
    }

    /**
     * Creates namespaces (persisted under /run/netns) and opens a socket in each, all from one
     * thread that moves into each in turn: a hundred namespaces cost one thread, not two
     * hundred. On failure throws {@link NetNsCreateFailed}: the names before its index exist.
     */
    void create(List<String> names) {
        List<NetNs> made = NetNs.create(names);
        for (NetNs ns : made) {
            NetNs old = namespaces.put(ns.name(), ns);
            if (old != null) old.close();
        }
        List<Rtnetlink> opened = Rtnetlink.open(made);
        for (Rtnetlink rt : opened) {
            Rtnetlink old = sockets.put(rt.netns().name(), rt);
            if (old != null) old.close();
        }
    }

    /** The batch of link changes for a namespace; sends what another namespace has queued first (order matters across them). */
    RtnetlinkBatch batch(String name) {
        if (pendingIn != null && !pendingIn.equals(name)) flush();
        pendingIn = name;
        return batches.computeIfAbsent(name, n -> rtnetlink(n).batch());
    }

    Rtnetlink rtnetlink(String name) {
        return sockets.computeIfAbsent(name, n -> Rtnetlink.open(netns(n)));
    }

    /** Sends every queued change and waits for the kernel's answers. */
    void flush() {
        if (pendingIn == null) return;
        RtnetlinkBatch batch = batches.get(pendingIn);
        pendingIn = null;
        if (batch != null) batch.send();
    }

    /** Forgets a namespace (about to be deleted): its handle and socket would keep it alive. */
    void release(String name) {
        if (name.equals(pendingIn)) pendingIn = null;
        batches.remove(name);
        Rtnetlink rt = sockets.remove(name);
        if (rt != null) rt.close();
        NetNs ns = namespaces.remove(name);
        if (ns != null) ns.close();
    }

    @Override
    public void close() {
        for (String name : new ArrayList<>(List.copyOf(namespaces.keySet()))) release(name);
        for (String name : new ArrayList<>(sockets.keySet())) release(name);
    }
}
