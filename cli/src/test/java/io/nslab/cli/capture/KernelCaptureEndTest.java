package io.nslab.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.cli.capture.bpf.FilterParser;
import io.nslab.cli.capture.bpf.Program;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.sys.InNamespace;

/**
 * A capture asked to stop (Ctrl-C, down's SIGTERM) keeps the packets that came just before:
 * they sit in a ring block the kernel hands over only at its retire timer, after the stop. Here
 * the stop comes before the capture reads anything at all, so every packet it keeps is one of
 * those: without the last look after a stop, the file would hold none of them.
 */
@KernelTest
class KernelCaptureEndTest {
    private static final int DATAGRAMS = 3;

    @RegisterExtension
    final ThrowawayNetns netns = new ThrowawayNetns();

    @Test
    void packetsOfTheLastMomentsAreKeptWhenTheCaptureIsStopped() throws Exception {
        NetNs ns = netns.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            rt.setUp("lo");
        }
        Tap lo = new Tap("t:lo", "loopback", ns.name(), "lo");
        try (Capture capture = Capture.open(List.of(lo), Program.compile(FilterParser.parse("udp"), 262144), 262144)) {
            InNamespace.call(ns.path(), () -> {
                InetAddress addr = InetAddress.getByName("127.0.0.1");
                try (DatagramSocket receiver = new DatagramSocket(0, addr); DatagramSocket s = new DatagramSocket()) {
                    for (int i = 0; i < DATAGRAMS; i++) s.send(new DatagramPacket(new byte[10], 10, addr, receiver.getLocalPort()));
                }
                return null;
            });
            capture.stop();
            List<Integer> lengths = new ArrayList<>();
            List<TapCount> counts = capture.run(new Sink() {
                @Override public void packet(int tap, PacketSocket.Received p, ByteBuffer data) { lengths.add(p.length()); }
                @Override public void end(List<TapCount> c) {}
                @Override public void close() {}
            }, Capture.Limits.NONE, () -> false);
            // On loopback a packet socket sees each datagram twice, going out and coming in (libpcap
            // hides lo's outgoing copies; nslab never captures on lo, so it does not).
            assertEquals(2 * DATAGRAMS, lengths.size(), "every datagram sent before the stop is kept: " + lengths);
            assertEquals(2 * DATAGRAMS, counts.get(0).written());
        }
    }
}
