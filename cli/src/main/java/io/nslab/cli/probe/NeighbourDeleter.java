package io.nslab.cli.probe;

import io.nslab.addr.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;
import io.nslab.sys.SysException;

/**
 * Deletes neighbour entries over netlink: one socket per namespace, kept for the whole run
 * (its batch remembers interface indexes), one send per namespace per call. An entry, an
 * interface or a namespace already gone is no error: what was to be freed is free.
 */
final class NeighbourDeleter implements NeighbourWindow.Deleter {
    private final Map<String, RtnetlinkBatch> batches = new LinkedHashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    public void delete(List<NeighbourWindow.Entry> entries) {
        for (NeighbourWindow.Entry e : entries) {
            try {
                batch(e.netnsPath()).deleteNeighbour(e.ifname(), IpAddress.parse(e.address()));
            } catch (SysException gone) {
                // the namespace or the interface is gone, and its entries with it
            }
        }
        for (RtnetlinkBatch b : batches.values()) {
            try {
                b.send();
            } catch (SysException gone) {
                // likewise
            }
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a socket or a namespace's fd: nothing is left to undo
            }
        }
        opened.clear();
        batches.clear();
    }

    private RtnetlinkBatch batch(String netnsPath) {
        RtnetlinkBatch batch = batches.get(netnsPath);
        if (batch == null) {
            NetNs ns = NetNs.openPath(netnsPath);
            opened.add(ns);
            Rtnetlink rt = Rtnetlink.open(ns);
            opened.add(0, rt); // the socket closes before its namespace's fd
            batch = rt.batch();
            batches.put(netnsPath, batch);
        }
        return batch;
    }
}
