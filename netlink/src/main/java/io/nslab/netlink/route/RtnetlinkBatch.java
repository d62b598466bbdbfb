package io.nslab.netlink.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nslab.netlink.socket.Request;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/**
 * Changes queued and then sent together, many per send, by {@link #send()}; the kernel
 * still handles them one by one, in order, so later ones may use links earlier ones create.
 * Not atomic: when one fails, those before it stay done (the exception names the first
 * failure; later ones are attached as suppressed).
 *
 * <p>Addresses and masters need interface indexes. The batch learns them by sending what is
 * queued and dumping the links once, then remembers them (forgetting a name it deletes,
 * renames or moves), so a batch of a thousand links and addresses costs a handful of sends.
 */
public final class RtnetlinkBatch extends LinkOperations {
    private final Rtnetlink rt;
    private final List<Request> queue = new ArrayList<>();
    private final Map<String, Integer> indexes = new HashMap<>();

    RtnetlinkBatch(Rtnetlink rt) {
        this.rt = rt;
    }

    @Override
    protected void submit(Request request) {
        queue.add(request);
    }

    @Override
    protected int index(String ifname) {
        Integer index = indexes.get(ifname);
        if (index == null) {
            flush();
            indexes.clear();
            for (Link l : rt.links()) indexes.put(l.name(), l.index());
            index = indexes.get(ifname);
            if (index == null) throw new SysException("find interface " + ifname, Errno.ENODEV);
        }
        return index;
    }

    @Override
    protected void forget(String ifname) {
        indexes.remove(ifname);
    }

    /** Number of requests queued and not sent yet. */
    public int pending() {
        return queue.size();
    }

    /** Sends everything queued and waits for every ACK. */
    public void send() {
        flush();
    }

    private void flush() {
        if (queue.isEmpty()) return;
        List<Request> requests = List.copyOf(queue);
        queue.clear();
        try {
            rt.socket().executeAll(requests);
        } catch (SysException e) {
            indexes.clear(); // what is there now is uncertain
            throw e;
        }
    }
}
