package io.nslab.cli.probe;

import io.nslab.addr.IpAddress;
import java.util.List;

import io.nslab.cli.kernel.OpenFiles;
import io.nslab.cli.kernel.OpenNamespaces;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/**
 * Deletes neighbour entries over netlink: one socket per namespace, kept while the run goes on
 * (its batch remembers interface indexes), one send per namespace per call. An entry, an
 * interface or a namespace already gone is no error: what was to be freed is free.
 *
 * <p>At most {@link OpenFiles#namespacesToHold()} namespaces stay open; the one used longest
 * ago is sent and closed to make room. A sample of 10,000 pairs of a 10,000-node lab touches
 * every namespace: held all at once they were 20,000 descriptors, the session's limit, and the
 * deletions refused with EMFILE left their entries to fill the kernel's table (1,168 pairs lost).
 */
final class NeighbourDeleter implements NeighbourWindow.Deleter {
    /** A namespace open here, and the batch of its socket. */
    private record Open(NetNs netns, Rtnetlink socket, RtnetlinkBatch batch) {
        void close() {
            socket.close(); // the socket before its namespace's fd
            netns.close();
        }
    }

    /** The eldest is sent, then closed: its batch names only its own namespace. */
    private final OpenNamespaces<Open> open;

    NeighbourDeleter() {
        this(OpenFiles.namespacesToHold());
    }

    NeighbourDeleter(int capacity) {
        this.open = new OpenNamespaces<>(capacity, old -> {
            send(old);
            old.close();
        });
    }

    @Override
    public void delete(List<NeighbourWindow.Entry> entries) {
        for (NeighbourWindow.Entry e : entries) {
            try {
                batch(e.netnsPath()).deleteNeighbour(e.ifname(), IpAddress.parse(e.address()));
            } catch (SysException gone) {
                if (gone.errno() == Errno.EMFILE) throw gone; // not gone: this process is out of descriptors
                // the namespace or the interface is gone, and its entries with it
            }
        }
        for (Open o : open.values()) send(o);
    }

    private static void send(Open o) {
        try {
            o.batch().send();
        } catch (SysException gone) {
            // likewise
        }
    }

    /** How many namespaces are open now. */
    int openCount() { return open.size(); }

    @Override
    public void close() {
        for (Open o : open.values()) o.close();
        open.clear();
    }

    private RtnetlinkBatch batch(String netnsPath) {
        Open o = open.get(netnsPath);
        if (o == null) {
            open.makeRoom(1);
            NetNs ns = NetNs.openPath(netnsPath);
            try {
                Rtnetlink rt = Rtnetlink.open(ns);
                o = new Open(ns, rt, rt.batch());
            } catch (RuntimeException e) {
                ns.close();
                throw e;
            }
            open.put(netnsPath, o);
        }
        return o.batch();
    }
}
