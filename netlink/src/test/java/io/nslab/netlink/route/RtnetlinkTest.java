package io.nslab.netlink.route;

import io.nslab.addr.Mac;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.netlink.ns.NetNs;
import io.nslab.sys.SysException;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

@KernelTest
class RtnetlinkTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    private static JsonNode link(String ns, String name) {
        return Witness.ip(ns, "-d", "link", "show", "dev", name).get(0);
    }

    @Test
    void vethWithItsPeerInAnotherNamespace() {
        NetNs host = throwaway.create();
        NetNs node = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(host)) {
            rt.createVeth("vh0", "eth0", node, 1400, Mac.parse("02:00:00:00:00:0a"));
            JsonNode here = link(host.name(), "vh0");
            assertEquals("veth", here.at("/linkinfo/info_kind").asText());
            assertEquals(1400, here.get("mtu").asInt());
            JsonNode there = link(node.name(), "eth0");
            assertEquals("veth", there.at("/linkinfo/info_kind").asText());
            assertEquals("02:00:00:00:00:0a", there.get("address").asText());
            assertEquals(1400, there.get("mtu").asInt());
            for (JsonNode end : List.of(here, there)) { // one queue each way (see RtMessages.newVeth)
                assertEquals(1, end.get("num_tx_queues").asInt());
                assertEquals(1, end.get("num_rx_queues").asInt());
            }
            assertTrue(Witness.ip(host.name(), "link", "show").findValuesAsText("ifname").stream().noneMatch("eth0"::equals));

            Link mine = rt.link("vh0");
            assertEquals(here.get("ifindex").asInt(), mine.index());
            assertEquals("veth", mine.kind());
            assertEquals(there.get("ifindex").asInt(), mine.peerIndex());
        }
    }

    @Test
    void linkCountersAreThoseIpShows() throws Exception {
        NetNs ns = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            rt.setUp("lo");
            Process ping = new ProcessBuilder("ip", "netns", "exec", ns.name(), "ping", "-c3", "-i0.01", "-q", "127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, ping.waitFor());
            LinkStats lo = rt.linkStats().stream().filter(l -> l.name().equals("lo")).findFirst().orElseThrow();
            JsonNode witness = Witness.ip(ns.name(), "-s", "link", "show", "dev", "lo").get(0).at("/stats64");
            assertEquals(6, lo.rxPackets()); // 3 requests and 3 replies, each received once on lo
            assertEquals(witness.at("/rx/packets").asLong(), lo.rxPackets());
            assertEquals(witness.at("/tx/packets").asLong(), lo.txPackets());
            assertEquals(witness.at("/rx/bytes").asLong(), lo.rxBytes());
            assertEquals(witness.at("/tx/bytes").asLong(), lo.txBytes());
            assertEquals(witness.at("/rx/dropped").asLong(), lo.rxDropped());
            // The state in the same dump: lo is up, with a carrier (ip's LOWER_UP).
            JsonNode flags = Witness.ip(ns.name(), "link", "show", "dev", "lo").get(0).get("flags");
            assertEquals(flags.toString().contains("\"UP\""), lo.up());
            assertEquals(flags.toString().contains("\"LOWER_UP\""), lo.carrier());
            assertTrue(lo.up() && lo.carrier());
            rt.setDown("lo");
            LinkStats down = rt.linkStats().stream().filter(l -> l.name().equals("lo")).findFirst().orElseThrow();
            assertFalse(down.up() || down.carrier());
        }
    }

    @Test
    void aliasIsSetReadBackAndRemoved() {
        NetNs ns = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            assertNull(rt.alias("lo"));
            rt.setAlias("lo", "nslab:demo:/run/nslab");
            assertEquals("nslab:demo:/run/nslab", link(ns.name(), "lo").get("ifalias").asText());
            assertEquals("nslab:demo:/run/nslab", rt.alias("lo"));
            var batch = rt.batch();
            batch.setAlias("lo", "second");
            batch.send();
            assertEquals("second", rt.alias("lo"));
            rt.setAlias("lo", "");
            assertNull(rt.alias("lo"));
            assertFalse(link(ns.name(), "lo").has("ifalias"));
            assertNull(rt.alias("nosuch0"));
        }
    }

    @Test
    void bridgeWithAPortUpAddressesAndRoutes() {
        NetNs ns = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            rt.createBridge("br0", 0);
            rt.createVeth("p0", "p1", null, 0, null);
            rt.setMaster("p0", "br0");
            rt.setUp("br0");
            rt.setUp("p0");
            rt.setUp("p1");
            rt.addAddress("br0", Cidr.parse("172.20.0.1/24"));
            rt.addAddress("p1", Cidr.parse("10.9.0.2/24"));
            rt.addRoute(Cidr.parse("10.50.0.0/16"), IpAddress.parse("172.20.0.254"), null);
            rt.addRoute(Cidr.parse("10.60.0.0/16"), null, "p1");
            rt.addRoute(Cidr.parse("0.0.0.0/0"), IpAddress.parse("10.9.0.1"), "p1");

            assertEquals("bridge", link(ns.name(), "br0").at("/linkinfo/info_kind").asText());
            assertEquals("br0", link(ns.name(), "p0").get("master").asText());
            assertTrue(flags(link(ns.name(), "br0")).contains("UP"));
            JsonNode addrs = Witness.ip(ns.name(), "addr", "show", "dev", "br0").get(0).get("addr_info");
            assertTrue(addrs.toString().contains("\"local\":\"172.20.0.1\",\"prefixlen\":24"), addrs.toString());

            JsonNode routes = Witness.ip(ns.name(), "route", "show");
            assertTrue(hasRoute(routes, "10.50.0.0/16", "172.20.0.254", "br0"), routes.toString());
            assertTrue(hasRoute(routes, "10.60.0.0/16", null, "p1"), routes.toString());
            assertTrue(hasRoute(routes, "default", "10.9.0.1", "p1"), routes.toString());

            // The library's own dumps agree.
            assertTrue(rt.addresses().contains(new Address(rt.link("br0").index(), "br0", "172.20.0.1/24")));
            List<Route> mine = rt.routes();
            assertTrue(mine.stream().anyMatch(r -> r.dest().equals("default") && "10.9.0.1".equals(r.via()) && "p1".equals(r.dev())), mine.toString());
            assertTrue(mine.stream().anyMatch(r -> r.dest().equals("10.60.0.0/16") && r.via() == null && r.scope() == 253), mine.toString());
            assertEquals(rt.link("br0").index(), rt.link("p0").master());

            rt.deleteRoute(Cidr.parse("10.50.0.0/16"), IpAddress.parse("172.20.0.254"), null);
            rt.deleteRoute(Cidr.parse("0.0.0.0/0"), null, null);
            rt.deleteAddress("p1", Cidr.parse("10.9.0.2/24"));
            routes = Witness.ip(ns.name(), "route", "show");
            assertFalse(routes.toString().contains("10.50.0.0"), routes.toString());
            assertFalse(routes.toString().contains("default"), routes.toString());
            assertFalse(Witness.ip(ns.name(), "addr", "show", "dev", "p1").toString().contains("10.9.0.2"));
        }
    }

    @Test
    void ipv6AddressesAreUsableAtOnceAndRoutesGoViaIpv6Gateways() throws Exception {
        NetNs a = throwaway.create();
        NetNs b = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(a); Rtnetlink rtb = Rtnetlink.open(b)) {
            linked(rt, rtb, b, "fd00:9::1/64", "fd00:9::2/64");
            rt.addRoute(Cidr.parse("fd00:99::/64"), IpAddress.parse("fd00:9::2"), null);
            rt.addRoute(Cidr.parse("::/0"), IpAddress.parse("fd00:9::2"), "a0");

            JsonNode global = globalAddress(Witness.ip(a.name(), "-6", "addr", "show", "dev", "a0"));
            assertEquals("fd00:9::1", global.get("local").asText(), global.toString());
            assertEquals(64, global.get("prefixlen").asInt());
            assertTrue(global.path("nodad").asBoolean(), "added nodad: " + global);
            assertFalse(global.path("tentative").asBoolean(), "no duplicate address detection to wait for: " + global);

            JsonNode routes = Witness.ip(a.name(), "-6", "route", "show");
            assertTrue(hasRoute(routes, "fd00:99::/64", "fd00:9::2", "a0"), routes.toString());
            assertTrue(hasRoute(routes, "default", "fd00:9::2", "a0"), routes.toString());
            // The library's dumps print IPv6 as ip does (RFC 5952), not as the JDK's long form.
            assertTrue(rt.addresses().contains(new Address(rt.link("a0").index(), "a0", "fd00:9::1/64")), rt.addresses().toString());
            assertTrue(rt.routes().stream().anyMatch(r -> r.dest().equals("fd00:99::/64") && "fd00:9::2".equals(r.via())), rt.routes().toString());

            // At once: a datagram to b's address goes out now (no "tentative" address to wait
            // for), and neighbour discovery, not ARP, resolves b's MAC: ip -6 neigh shows it.
            datagram(a, "fd00:9::2");
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (Witness.ip(a.name(), "-6", "neigh", "show", "dev", "a0").toString().indexOf("fd00:9::2") < 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(Witness.ip(a.name(), "-6", "neigh", "show", "dev", "a0").toString().contains("\"dst\":\"fd00:9::2\""));

            rt.deleteRoute(Cidr.parse("fd00:99::/64"), IpAddress.parse("fd00:9::2"), null);
            rt.deleteRoute(Cidr.parse("::/0"), null, null);
            rt.deleteAddress("a0", Cidr.parse("fd00:9::1/64"));
            List<String> destinations = Witness.ip(a.name(), "-6", "route", "show").findValuesAsText("dst");
            assertEquals(List.of("fe80::/64"), destinations, "only the link-local route is left");
            String addresses = Witness.ip(a.name(), "-6", "addr", "show", "dev", "a0").findValuesAsText("local").toString();
            assertFalse(addresses.contains("fd00:9::1"), addresses);
        }
    }

    private static JsonNode globalAddress(JsonNode addrShow) {
        for (JsonNode x : addrShow.get(0).get("addr_info")) if (x.get("scope").asText().equals("global")) return x;
        throw new AssertionError("no global address: " + addrShow);
    }

    @Test
    void linkChanges() {
        NetNs ns = throwaway.create();
        NetNs other = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            rt.createBridge("br0", 1450);
            assertEquals(1450, link(ns.name(), "br0").get("mtu").asInt());
            rt.createVeth("a0", "a1", null, 0, null);
            rt.setMtu("a0", 1300);
            rt.setMac("a0", Mac.parse("02:11:22:33:44:55"));
            rt.setMaster("a0", "br0");
            assertEquals("br0", link(ns.name(), "a0").get("master").asText());
            rt.noMaster("a0");
            assertNull(link(ns.name(), "a0").get("master"));
            rt.rename("a0", "renamed0");
            JsonNode renamed = link(ns.name(), "renamed0");
            assertEquals(1300, renamed.get("mtu").asInt());
            assertEquals("02:11:22:33:44:55", renamed.get("address").asText());
            rt.setUp("renamed0");
            assertTrue(flags(link(ns.name(), "renamed0")).contains("UP"));
            rt.setDown("renamed0");
            assertFalse(flags(link(ns.name(), "renamed0")).contains("UP"));

            rt.moveTo("a1", other);
            assertEquals("veth", link(other.name(), "a1").at("/linkinfo/info_kind").asText());
            assertNull(rt.link("a1"));

            rt.deleteLink("renamed0");
            rt.deleteLink("br0");
            assertTrue(Witness.ip(other.name(), "link", "show").findValuesAsText("ifname").stream().noneMatch("a1"::equals),
                    "deleting a veth deletes its peer too");
            List<String> left = Witness.ip(ns.name(), "link", "show").findValuesAsText("ifname");
            assertEquals(List.of("lo"), left);
            assertEquals(List.of("lo"), rt.links().stream().map(Link::name).toList());
        }
    }

    @Test
    void errorsCarryErrnoAndTheKernelsMessage() {
        NetNs ns = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            rt.createBridge("br0", 0);
            SysException exists = assertThrows(SysException.class, () -> rt.createBridge("br0", 0));
            assertEquals("EEXIST", exists.errnoName());
            assertEquals("create bridge br0: EEXIST (File exists)", exists.getMessage());

            SysException prefix = assertThrows(SysException.class, () -> rt.addRoute(Cidr.parse("10.1.2.3/8"), null, "br0"));
            assertEquals("EINVAL", prefix.errnoName());
            assertEquals("Invalid prefix for given prefix length", prefix.kernelMessage());
            assertTrue(prefix.getMessage().endsWith(": Invalid prefix for given prefix length"), prefix.getMessage());

            SysException noDev = assertThrows(SysException.class, () -> rt.setUp("nosuch0"));
            assertEquals("ENODEV", noDev.errnoName());
            assertTrue(noDev.getMessage().startsWith("set nosuch0 up: ENODEV"), noDev.getMessage());
        }
    }

    @Test
    void batchCreatesManyLinksAndReportsTheFirstFailure() {
        NetNs ns = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            RtnetlinkBatch batch = rt.batch();
            batch.createBridge("br0", 0);
            batch.setUp("br0");
            for (int i = 0; i < 200; i++) {
                batch.createVeth("a" + i, "b" + i, null, 0, null);
                batch.setUp("a" + i);
                batch.setUp("b" + i);
            }
            for (int i = 0; i < 200; i++) {
                batch.setMaster("a" + i, "br0");
                batch.addAddress("b" + i, Cidr.parse("10." + (i / 250) + "." + (i % 250) + ".1/24"));
            }
            batch.send();
            assertEquals(0, batch.pending());
            JsonNode links = Witness.ip(ns.name(), "link", "show", "master", "br0");
            assertEquals(200, links.size());
            JsonNode addrs = Witness.ip(ns.name(), "-4", "addr", "show");
            assertEquals(200, addrs.size()); // lo, down, has no address yet
            assertTrue(addrs.toString().contains("\"local\":\"10.0.199.1\""));

            RtnetlinkBatch failing = rt.batch();
            failing.createBridge("ok1", 0);
            failing.createBridge("br0", 0);   // exists
            failing.createBridge("ok2", 0);
            failing.createBridge("a0", 0);    // exists
            SysException e = assertThrows(SysException.class, failing::send);
            assertEquals("create bridge br0: EEXIST (File exists)", e.getMessage());
            assertEquals(1, e.getSuppressed().length);
            List<String> names = new ArrayList<>(Witness.ip(ns.name(), "link", "show").findValuesAsText("ifname"));
            assertTrue(names.contains("ok1") && names.contains("ok2"), "a batch is not atomic: the others were made");
        }
    }

    @Test
    void neighbourEntryMadeByTrafficIsDeletedAndASecondDeleteIsTolerated() throws Exception {
        NetNs a = throwaway.create();
        NetNs b = throwaway.create();
        try (Rtnetlink rt = Rtnetlink.open(a); Rtnetlink rtb = Rtnetlink.open(b)) {
            linked(rt, rtb, b, "10.9.7.1/24", "10.9.7.2/24");
            // One datagram from a to b: a resolves b's address, which leaves an entry in a's table.
            datagram(a, "10.9.7.2");
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (Witness.ip(a.name(), "neigh", "show", "dev", "a0").isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals("10.9.7.2", Witness.ip(a.name(), "neigh", "show", "dev", "a0").get(0).get("dst").asText());

            rt.deleteNeighbour("a0", IpAddress.parse("10.9.7.2"));
            assertEquals(0, Witness.ip(a.name(), "neigh", "show", "dev", "a0").size());
            RtnetlinkBatch batch = rt.batch();
            batch.deleteNeighbour("a0", IpAddress.parse("10.9.7.2"));
            batch.send(); // gone already: no error
        }
    }

    /** Veth a0 (in rt's namespace) and b0 (in b), with these addresses, both up. */
    private static void linked(Rtnetlink rt, Rtnetlink rtb, NetNs b, String a0, String b0) {
        rt.createVeth("a0", "b0", b, 0, null);
        rt.addAddress("a0", Cidr.parse(a0));
        rt.setUp("a0");
        rtb.addAddress("b0", Cidr.parse(b0));
        rtb.setUp("b0");
    }

    /** One datagram from namespace {@code from} to port 9 of {@code to}. */
    private static void datagram(NetNs from, String to) throws Exception {
        io.nslab.sys.InNamespace.call(from.path(), () -> {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
                s.send(new java.net.DatagramPacket(new byte[1], 1, java.net.InetAddress.getByName(to), 9));
            }
            return null;
        });
    }

    private static List<String> flags(JsonNode link) {
        List<String> out = new ArrayList<>();
        link.get("flags").forEach(f -> out.add(f.asText()));
        return out;
    }

    private static boolean hasRoute(JsonNode routes, String dst, String gateway, String dev) {
        for (JsonNode r : routes) {
            if (r.get("dst").asText().equals(dst) && r.get("dev").asText().equals(dev)
                    && (gateway == null ? r.get("gateway") == null : gateway.equals(r.path("gateway").asText()))) {
                return true;
            }
        }
        return false;
    }
}
