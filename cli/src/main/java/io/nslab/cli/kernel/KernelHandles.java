package io.nslab.cli.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.ns.NetNsCreateFailed;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.topology.plan.NetnsName;

/**
 * The open namespaces and netlink sockets of one {@code up} or {@code down}: one handle and one
 * rtnetlink socket per namespace, opened once and reused by every step there. Link changes are
 * queued in a batch per namespace and sent when a step needs them done (a step in another
 * namespace, a sysctl, NAT, a process): a lab of a hundred nodes costs a few hundred sends
 * rather than thousands of round trips.
 */
public final class KernelHandles implements AutoCloseable {
    private final Map<String, NetNs> namespaces = new LinkedHashMap<>();
    private final Map<String, Rtnetlink> sockets = new LinkedHashMap<>();
    private final Map<String, RtnetlinkBatch> batches = new LinkedHashMap<>();
    private String pendingIn;

    /** The namespace named as steps name it (a name under /run/netns, or {@link NetnsName#CURRENT}). */
    public NetNs netns(String name) {
        return namespaces.computeIfAbsent(name, n -> NetnsName.isCurrent(n) ? NetNs.current() : NetNs.open(n));
    }

    /**
     * Creates namespaces (persisted under /run/netns) and opens a socket in each: two threads
     * (one per core of a small machine), each moving into its half of the new namespaces in
     * turn, so a hundred namespaces cost two thread starts, not two hundred. When the kernel
     * refuses one, throws {@link NotMade}, naming every one that was not made (the refused
     * one, and those its thread did not get to); the others exist and are kept here.
     */
    public void create(List<String> names) {
        create(names, name -> false);
    }

    /**
     * As {@link #create(List)}; those {@code ofNode} says are a node's are each owned by a user
     * namespace of the node's own ({@link NodeNetns}), the others by this process's.
     */
    public void create(List<String> names, Predicate<String> ofNode) {
        int half = (names.size() + 1) / 2;
        FutureTask<List<Rtnetlink>> second = new FutureTask<>(() -> createHere(names.subList(half, names.size()), ofNode));
        if (half < names.size()) new Thread(second, "nslab-netns-create").start();
        else second.run();
        List<String> notMade = new ArrayList<>();
        NetNsCreateFailed failure = null;
        List<Rtnetlink> made = new ArrayList<>();
        try {
            made.addAll(createHere(names.subList(0, half), ofNode));
        } catch (NetNsCreateFailed e) {
            failure = e;
            notMade.addAll(names.subList(e.made(), half));
        }
        try {
            made.addAll(second.get());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof NetNsCreateFailed f)) throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            if (failure == null) failure = f;
            notMade.addAll(names.subList(half + f.made(), names.size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.Cancelled();
        }
        for (Rtnetlink rt : made) {
            namespaces.put(rt.netns().name(), rt.netns());
            sockets.put(rt.netns().name(), rt);
        }
        if (failure != null) throw new NotMade(notMade, failure);
    }

    /** Runs of names of one kind, in order (a lab's host namespace comes alone, before or after its nodes'). */
    private static List<Rtnetlink> createHere(List<String> names, Predicate<String> ofNode) {
        List<NetNs> made = new ArrayList<>();
        try {
            for (int from = 0; from < names.size(); ) {
                boolean node = ofNode.test(names.get(from));
                int to = from + 1;
                while (to < names.size() && ofNode.test(names.get(to)) == node) to++;
                List<String> run = names.subList(from, to);
                try {
                    made.addAll(node ? NodeNetns.create(run) : NetNs.create(run));
                } catch (NetNsCreateFailed e) {
                    for (String name : run.subList(0, e.made())) made.add(NetNs.open(name));
                    throw new NetNsCreateFailed(made.size(), e);
                }
                from = to;
            }
            return Rtnetlink.open(made);
        } catch (RuntimeException e) {
            made.forEach(NetNs::close);
            throw e;
        }
    }

    /** Some namespaces of a {@link #create} were not made: these must not be deleted by the lab's undo. */
    public static final class NotMade extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final List<String> names;

        NotMade(List<String> names, NetNsCreateFailed cause) {
            super(cause.getMessage(), cause);
            this.names = List.copyOf(names);
        }

        public List<String> names() { return names; }
    }

    /** The batch of link changes for a namespace; sends what another namespace has queued first (order matters across them). */
    public RtnetlinkBatch batch(String name) {
        if (pendingIn != null && !pendingIn.equals(name)) flush();
        pendingIn = name;
        return batches.computeIfAbsent(name, n -> rtnetlink(n).batch());
    }

    public Rtnetlink rtnetlink(String name) {
        return sockets.computeIfAbsent(name, n -> Rtnetlink.open(netns(n)));
    }

    /** Sends every queued change and waits for the kernel's answers. */
    public void flush() {
        if (pendingIn == null) return;
        RtnetlinkBatch batch = batches.get(pendingIn);
        pendingIn = null;
        if (batch != null) batch.send();
    }

    /** Forgets a namespace (about to be deleted): its handle and socket would keep it alive. */
    public void release(String name) {
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
