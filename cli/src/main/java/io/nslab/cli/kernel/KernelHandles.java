package io.nslab.cli.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.ns.NetNsCreateFailed;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.topology.plan.NetnsName;

/**
 * The open namespaces and netlink sockets of one {@code up} or {@code down}: a handle and an
 * rtnetlink socket per namespace, opened on first use and reused by every step there. Link
 * changes are queued in a batch per namespace and sent when a step needs them done (a step in
 * another namespace, a sysctl, NAT, a process): a lab of a hundred nodes costs a few hundred
 * sends rather than thousands of round trips.
 *
 * <p>At most a capacity of namespaces are open at once, two descriptors each ({@link OpenNamespaces}); the one
 * used longest ago is closed to make room, and opened again if a later step needs it. Without
 * a bound, a lab of 10,000 nodes needed 20,000 descriptors, the hard limit of a session here
 * (EMFILE). Before a namespace is closed every queued change is sent: a queued veth names its
 * peer's namespace by descriptor, which must still be the namespace when the kernel reads it.
 */
public final class KernelHandles implements AutoCloseable {
    /** Open namespaces, in order of use. */
    private final OpenNamespaces<Open> open;
    private String pendingIn;

    /** A namespace open here: its handle, and its socket and batch once asked for. */
    private static final class Open {
        final NetNs netns;
        Rtnetlink socket;
        RtnetlinkBatch batch;

        Open(NetNs netns, Rtnetlink socket) {
            this.netns = netns;
            this.socket = socket;
        }

        void close() {
            if (socket != null) socket.close();
            netns.close();
        }
    }

    /** Sized by this session's limit on open files ({@link OpenFiles#namespacesToHold()}). */
    public KernelHandles() {
        this(OpenFiles.namespacesToHold());
    }

    /** At most {@code capacity} namespaces open at once (at least two: a veth's two ends). */
    public KernelHandles(int capacity) {
        if (capacity < 2) throw new IllegalArgumentException("capacity " + capacity + " < 2");
        this.open = new OpenNamespaces<>(capacity, Open::close);
    }

    /** How many namespaces are open now. */
    public synchronized int openCount() { return open.size(); }

    /** The namespace named as steps name it (a name under /run/netns, or {@link NetnsName#CURRENT}). */
    public NetNs netns(String name) {
        return handle(name).netns;
    }

    private Open handle(String name) {
        Open o = open.get(name);
        if (o == null) {
            makeRoom(1);
            o = new Open(NetnsName.isCurrent(name) ? NetNs.current() : NetNs.open(name), null);
            open.put(name, o);
        }
        return o;
    }

    /**
     * Closes the namespaces used longest ago until {@code more} fit. Whatever is queued is sent
     * first: a pending batch may name one of them (a veth's peer) by its descriptor.
     */
    private synchronized void makeRoom(int more) {
        if (open.fits(more)) return;
        flush();
        open.makeRoom(more);
    }

    /**
     * Creates namespaces (persisted under /run/netns) and opens a socket in each: two threads
     * (one per core of a small machine), each moving into its half of the new namespaces in
     * turn, so a hundred namespaces cost two thread starts, not two hundred. When the kernel
     * refuses one, throws {@link NotMade}, naming every one that was not made (the refused
     * one, and those its thread did not get to); the others exist. Those made stay open here
     * as far as the capacity allows.
     */
    public void create(List<String> names) {
        create(names, name -> false);
    }

    /**
     * As {@link #create(List)}; those {@code ofNode} says are a node's are each owned by a user
     * namespace of the node's own ({@link NodeNetns}), the others by this process's.
     */
    public void create(List<String> names, Predicate<String> ofNode) {
        flush();
        int half = (names.size() + 1) / 2;
        FutureTask<Void> second = new FutureTask<>(() -> createHere(names.subList(half, names.size()), ofNode), null);
        if (half < names.size()) new Thread(second, "nslab-netns-create").start();
        else second.run();
        List<String> notMade = new ArrayList<>();
        NetNsCreateFailed failure = null;
        try {
            createHere(names.subList(0, half), ofNode);
        } catch (NetNsCreateFailed e) {
            failure = e;
            notMade.addAll(names.subList(e.made(), half));
        }
        try {
            second.get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof NetNsCreateFailed f)) throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            if (failure == null) failure = f;
            notMade.addAll(names.subList(half + f.made(), names.size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.Cancelled();
        }
        if (failure != null) throw new NotMade(notMade, failure);
    }

    /** Namespaces made, with their sockets: kept open, making room as needed (called by both creating threads). */
    private synchronized void keep(List<Rtnetlink> made) {
        makeRoom(made.size());
        for (Rtnetlink rt : made) {
            Open old = open.put(rt.netns().name(), new Open(rt.netns(), rt));
            if (old != null) old.close();
        }
    }

    /**
     * Makes {@code names} in parts small enough that both threads' parts, open at once before
     * {@link #keep} takes them, stay within the capacity.
     */
    private void createHere(List<String> names, Predicate<String> ofNode) {
        int part = Math.max(1, open.capacity() / 4);
        for (int from = 0; from < names.size(); from += part) {
            int to = Math.min(names.size(), from + part);
            try {
                keep(createRuns(names.subList(from, to), ofNode));
            } catch (NetNsCreateFailed e) {
                throw new NetNsCreateFailed(from + e.made(), e);
            }
        }
    }

    /** Runs of names of one kind, in order (a lab's host namespace comes alone, before or after its nodes'). */
    private static List<Rtnetlink> createRuns(List<String> names, Predicate<String> ofNode) {
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
        Open o = withSocket(name);
        pendingIn = name;
        if (o.batch == null) o.batch = o.socket.batch();
        return o.batch;
    }

    public Rtnetlink rtnetlink(String name) {
        return withSocket(name).socket;
    }

    private Open withSocket(String name) {
        Open o = handle(name);
        if (o.socket == null) o.socket = Rtnetlink.open(o.netns);
        return o;
    }

    /** Sends every queued change and waits for the kernel's answers. */
    public void flush() {
        if (pendingIn == null) return;
        Open o = open.get(pendingIn);
        pendingIn = null;
        if (o != null && o.batch != null) o.batch.send();
    }

    /** Forgets a namespace (about to be deleted): its handle and socket would keep it alive. */
    public void release(String name) {
        if (name.equals(pendingIn)) pendingIn = null;
        Open o = open.remove(name);
        if (o != null) o.close();
    }

    @Override
    public void close() {
        pendingIn = null;
        for (Open o : open.values()) o.close();
        open.clear();
    }
}
