package io.nslab.netlink.bench;

import io.nslab.addr.Cidr;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.RtnetlinkBatch;

/**
 * The library's side of bench/netlink.sh: in the existing namespace NAME, a bridge and COUNT
 * veth pairs aN/bN, each aN a port of the bridge, both ends up, bN with 10.X.Y.1/24. Prints
 * the milliseconds from opening the socket to the last ACK (JVM start and class loading of
 * the JDK are not in it; the first use of the library's classes is).
 */
public final class VethBench {
    public static void main(String[] args) {
        String name = args[0];
        int count = Integer.parseInt(args[1]);
        try (NetNs ns = NetNs.open(name)) {
            long start = System.nanoTime();
            try (Rtnetlink rt = Rtnetlink.open(ns)) {
                RtnetlinkBatch batch = rt.batch();
                batch.createBridge("br0", 0);
                batch.setUp("br0");
                // Links first: the address changes below need indexes, and looking one up sends the queue.
                for (int i = 0; i < count; i++) batch.createVeth("a" + i, "b" + i, null, 0, null);
                for (int i = 0; i < count; i++) {
                    batch.setMaster("a" + i, "br0");
                    batch.setUp("a" + i);
                    batch.setUp("b" + i);
                    batch.addAddress("b" + i, Cidr.parse(address(i)));
                }
                batch.send();
            }
            System.out.println((System.nanoTime() - start) / 1_000_000);
        }
    }

    static String address(int i) {
        return "10." + (i / 250) + "." + (i % 250) + ".1/24";
    }
}
