package io.nslab.cli.impair;

import io.nslab.addr.Cidr;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.tap.PacketSender;
import io.nslab.netlink.tap.Tap;
import io.nslab.netlink.tc.TrafficControl;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

/** The fallback delay line on a real veth pair between two namespaces, measured with ping. */
@KernelTest
class DelayLineTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    private static final Pattern TIME = Pattern.compile("time=([0-9.]+) ms");

    @Test
    void delaysEachWayAndNothingWhenRemoved() throws Exception {
        NetNs a = throwaway.create(), b = throwaway.create();
        try (Rtnetlink ra = Rtnetlink.open(a); Rtnetlink rb = Rtnetlink.open(b);
             TrafficControl ta = TrafficControl.open(a); TrafficControl tb = TrafficControl.open(b)) {
            ra.createVeth("a0", "b0", b, 0, null);
            ra.addAddress("a0", Cidr.parse("10.9.0.1/24"));
            rb.addAddress("b0", Cidr.parse("10.9.0.2/24"));
            ra.setUp("a0");
            rb.setUp("b0");
            List<DelayLine> lines = new ArrayList<>();
            try {
                lines.add(line(a, ra, ta, "a0", new DelayLine.Settings(20_000, 0, 0)));
                lines.add(line(b, rb, tb, "b0", new DelayLine.Settings(20_000, 0, 0)));
                double median = medianRtt(a.name(), "10.9.0.2", 50);
                assertEquals(40.0, median, 2.0, "median RTT with 20 ms each way");
                String filter = Witness.run(List.of("tc", "-n", a.name(), "filter", "show", "dev", "a0", "egress"));
                assertTrue(filter.contains("mirred (Egress Redirect to device nsd"), filter);

                lines.get(0).update(new DelayLine.Settings(50_000, 0, 0)); // live: no packet lost
                assertEquals(70.0, medianRtt(a.name(), "10.9.0.2", 20), 2.0);
            } finally {
                lines.forEach(DelayLine::close);
            }
            Fallback.remove(ra, ta, "a0", ra.link("a0").index());
            Fallback.remove(rb, tb, "b0", rb.link("b0").index());
            assertTrue(medianRtt(a.name(), "10.9.0.2", 5) < 5, "no delay once removed");
            assertNull(ra.link(Fallback.tapName(ra.link("a0").index())));
        }
    }

    private static DelayLine line(NetNs ns, Rtnetlink rt, TrafficControl tc, String ifname, DelayLine.Settings s) {
        int index = rt.link(ifname).index();
        Fallback.install(ns, rt, tc, ifname, index, null);
        return new DelayLine(ifname, Tap.attach(ns, Fallback.tapName(index)), PacketSender.open(ns, index, ifname, Fallback.MARK), s);
    }

    static double medianRtt(String netns, String to, int count) {
        String out = Witness.run(List.of("ip", "netns", "exec", netns, "ping", "-n", "-c", Integer.toString(count), "-i", "0.05", "-W", "2", to));
        List<Double> times = new ArrayList<>();
        Matcher m = TIME.matcher(out);
        while (m.find()) times.add(Double.parseDouble(m.group(1)));
        assertTrue(times.size() >= count * 9 / 10, "answers: " + times.size() + " of " + count + "\n" + out);
        times.sort(null);
        return times.get(times.size() / 2);
    }
}
