package io.nslab.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.cli.capture.bpf.Program;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.sys.InNamespace;

/**
 * With no filter, a capture's socket still gets a program (Program#everything), so the kernel
 * copies only snaplen bytes of each packet into the ring: read here with no limit of our own, the
 * ring holds 96 bytes of a 1,042-byte frame, where a socket without a program holds all of it.
 */
@KernelTest
class KernelSnaplenTest {
    private static final int PAYLOAD = 1000, FRAME = 14 + 20 + 8 + PAYLOAD;

    @RegisterExtension
    final ThrowawayNetns netns = new ThrowawayNetns();

    @Test
    void theKernelKeepsSnaplenBytesOfEachPacketInTheRing() throws Exception {
        NetNs ns = netns.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            rt.setUp("lo");
        }
        try (PacketSocket truncated = InNamespace.call(ns.path(), () -> PacketSocket.open("lo", Program.everything(96), 8, 4));
             PacketSocket whole = InNamespace.call(ns.path(), () -> PacketSocket.open("lo", null, 8, 4))) {
            InNamespace.call(ns.path(), () -> {
                // to a socket that is there: a closed port would add the kernel's ICMP port unreachable (590 bytes)
                InetAddress lo = InetAddress.getByName("127.0.0.1");
                try (DatagramSocket receiver = new DatagramSocket(0, lo); DatagramSocket s = new DatagramSocket()) {
                    receiver.setSoTimeout(2000);
                    s.send(new DatagramPacket(new byte[PAYLOAD], PAYLOAD, lo, receiver.getLocalPort()));
                    receiver.receive(new DatagramPacket(new byte[PAYLOAD], PAYLOAD));
                }
                return null;
            });
            for (PacketSocket.Received p : read(truncated)) {
                assertEquals(FRAME, p.length());
                assertEquals(96, p.kept(), "kept by the kernel");
            }
            for (PacketSocket.Received p : read(whole)) assertEquals(FRAME, p.kept(), "no program: the whole frame");
        }
    }

    /** The packets of the first block the kernel hands over (its retire timer: 8 ms), read with no snaplen of our own. */
    private static List<PacketSocket.Received> read(PacketSocket socket) throws InterruptedException {
        List<PacketSocket.Received> got = new ArrayList<>();
        long deadline = System.nanoTime() + 2_000_000_000L;
        int block;
        while ((block = socket.readBlock(Integer.MAX_VALUE, (p, data) -> got.add(p))) < 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(block >= 0, "no block within 2 s");
        socket.giveBack(block);
        assertFalse(got.isEmpty());
        return got;
    }
}
