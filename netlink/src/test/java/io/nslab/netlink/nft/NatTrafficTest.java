package io.nslab.netlink.nft;

import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.Sysctl;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

/**
 * Real packets through rules made only by this library. A lab in miniature:
 * <pre>
 *   node (172.20.0.10) --veth-- [nslab0 172.20.0.1 | host | wan0 198.51.100.1] --veth-- outside (198.51.100.2)
 *   peer (172.20.0.11) --veth--/
 * </pre>
 * The host masquerades the bridge's subnet and publishes tcp 8080 to node:80. Sockets are
 * Java's, created on threads inside each namespace.
 */
@KernelTest
class NatTrafficTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void masqueradeAndDnatWithRealConnections() throws Exception {
        NetNs host = throwaway.create(), node = throwaway.create(), outside = throwaway.create(), peer = throwaway.create();
        try (Rtnetlink h = Rtnetlink.open(host); Rtnetlink n = Rtnetlink.open(node); Rtnetlink o = Rtnetlink.open(outside);
             Rtnetlink p = Rtnetlink.open(peer); NfTables nft = NfTables.open(host)) {
            h.createBridge("nslab0", 0);
            h.addAddress("nslab0", Cidr.parse("172.20.0.1/24"));
            h.createVeth("vnode", "eth0", node, 0, null);
            h.setMaster("vnode", "nslab0");
            h.createVeth("vpeer", "eth0", peer, 0, null);
            h.setMaster("vpeer", "nslab0");
            h.createVeth("wan0", "eth0", outside, 0, null);
            h.addAddress("wan0", Cidr.parse("198.51.100.1/24"));
            for (String i : List.of("lo", "nslab0", "vnode", "vpeer", "wan0")) h.setUp(i);
            n.addAddress("eth0", Cidr.parse("172.20.0.10/24"));
            p.addAddress("eth0", Cidr.parse("172.20.0.11/24"));
            o.addAddress("eth0", Cidr.parse("198.51.100.2/24"));
            for (Rtnetlink r : List.of(n, o, p)) {
                r.setUp("lo");
                r.setUp("eth0");
            }
            n.addRoute(Cidr.parse("0.0.0.0/0"), IpAddress.parse("172.20.0.1"), null);
            // The outside knows no route to 172.20.0.0/24: only NAT gets the node's traffic back.
            Sysctl.set(host, "net.ipv4.ip_forward", "1");
            nft.applyNat(new NatTable("nslab-t1", List.of(new Masquerade(Cidr.parse("172.20.0.0/24"), "nslab0")),
                    List.of(new Dnat("tcp", 8080, IpAddress.parse("172.20.0.10"), 80))));

            // Masquerade: the outside sees the host's address, not the node's.
            assertEquals("198.51.100.1", remoteSeenBy(outside, "198.51.100.2", 9000, node, "198.51.100.2", 9000));
            // DNAT from outside: the node sees the real client.
            assertEquals("198.51.100.2", remoteSeenBy(node, "172.20.0.10", 80, outside, "198.51.100.1", 8080));
            // DNAT from the host side itself (the output chain).
            assertEquals("198.51.100.1", remoteSeenBy(node, "172.20.0.10", 80, host, "198.51.100.1", 8080));
            // Inside the bridge nothing is masqueraded: a node reaching another through the host's
            // published port (hairpin DNAT: in on nslab0, out on nslab0) keeps its own address, as
            // Docker's rule does (the "oifname != nslab0" part); the masquerade counter does not move.
            long masqueraded = masqueradeCounter(host.name()), dnatted = dnatCounter(host.name());
            try (ServerSocket server = node.call(() -> new ServerSocket(80, 1, InetAddress.getByName("172.20.0.10")));
                 Socket hairpin = peer.call(Socket::new)) {
                server.setSoTimeout(5_000);
                // The node answers the peer directly over the bridge, past the host's conntrack,
                // so the handshake itself need not complete: what counts is what the node saw.
                Thread connect = new Thread(() -> {
                    try {
                        peer.call(() -> {
                            hairpin.connect(new InetSocketAddress("172.20.0.1", 8080), 3_000);
                            return null;
                        });
                    } catch (Exception expected) {
                        // refused or timed out: the SYN has gone through the host by then
                    }
                });
                connect.start();
                connect.join(5_000);
            }
            assertEquals(masqueraded, masqueradeCounter(host.name()), "a hairpin connection inside the bridge was masqueraded");
            assertTrue(dnatCounter(host.name()) > dnatted, "the hairpin SYN went through the host's DNAT");

            long counted = nft.rules("nslab-t1").stream().mapToLong(Rule::packets).sum();
            assertTrue(counted >= 3, "the rules' counters saw the connections: " + counted);
        }
    }

    /**
     * The same lab over IPv6 (NAT66, Docker's ip6tables rules): a bridge fd00:20::/64 behind a
     * host with wan0 2001:db8::1/64; the rules land in table inet nslab-t1, after an IPv4 rule
     * for the same port (whose nat expression, of family ip, leaves IPv6 packets alone).
     */
    @Test
    void nat66MasqueradeAndDnatWithRealConnections() throws Exception {
        NetNs host = throwaway.create(), node = throwaway.create(), outside = throwaway.create();
        try (Rtnetlink h = Rtnetlink.open(host); Rtnetlink n = Rtnetlink.open(node); Rtnetlink o = Rtnetlink.open(outside);
             NfTables nft = NfTables.open(host)) {
            h.createBridge("nslab0", 0);
            h.addAddress("nslab0", Cidr.parse("fd00:20::1/64"));
            h.createVeth("vnode", "eth0", node, 0, null);
            h.setMaster("vnode", "nslab0");
            h.createVeth("wan0", "eth0", outside, 0, null);
            h.addAddress("wan0", Cidr.parse("2001:db8::1/64"));
            for (String i : List.of("lo", "nslab0", "vnode", "wan0")) h.setUp(i);
            n.addAddress("eth0", Cidr.parse("fd00:20::10/64"));
            o.addAddress("eth0", Cidr.parse("2001:db8::2/64"));
            for (Rtnetlink r : List.of(n, o)) {
                r.setUp("lo");
                r.setUp("eth0");
            }
            n.addRoute(Cidr.parse("::/0"), IpAddress.parse("fd00:20::1"), "eth0");
            // The outside knows no route to fd00:20::/64: only NAT66 gets the node's traffic back.
            Sysctl.set(host, "net.ipv6.conf.all.forwarding", "1");
            nft.applyNat(new NatTable("nslab-t1", List.of(new Masquerade(Cidr.parse("172.20.0.0/24"), "nslab0"),
                    new Masquerade(Cidr.parse("fd00:20::/64"), "nslab0")),
                    List.of(new Dnat("tcp", 8080, IpAddress.parse("172.20.0.10"), 80), new Dnat("tcp", 8080, IpAddress.parse("fd00:20::10"), 80))));
            assertEquals("[\"inet\"]", Witness.nft(host.name(), "list", "tables").get("nftables").findValues("family").toString());

            // Masquerade: the outside sees the host's IPv6 address, not the node's.
            assertEquals(v6("2001:db8::1"), remoteSeenBy(outside, "2001:db8::2", 9000, node, "2001:db8::2", 9000));
            // DNAT from outside to a published port: the node sees the real client.
            assertEquals(v6("2001:db8::2"), remoteSeenBy(node, "fd00:20::10", 80, outside, "2001:db8::1", 8080));
            // nft -j as the witness: the IPv6 rules of table inet nslab-t1 counted the connections, the IPv4 masquerade nothing.
            assertTrue(counter(host.name(), "postrouting", "masquerade", "ip6") >= 1);
            assertEquals(0, counter(host.name(), "postrouting", "masquerade", "ip"));
            assertTrue(counter(host.name(), "prerouting", "dnat", "ip6") >= 1);
        }
    }

    /** An IPv6 address as getHostAddress writes it (the long form). */
    private static String v6(String address) throws IOException {
        return InetAddress.getByName(address).getHostAddress();
    }

    /** Packets counted by the masquerade rule of nslab-t1, as nft (an independent witness) lists them. */
    private static long masqueradeCounter(String netns) {
        return counter(netns, "postrouting", "masquerade", "ip");
    }

    private static long dnatCounter(String netns) {
        return counter(netns, "prerouting", "dnat", "ip");
    }

    /**
     * Packets counted by the rules of a chain of table inet nslab-t1 that end in {@code verdict},
     * of {@code family} (ip or ip6: the masquerade's saddr match, the dnat's family).
     */
    private static long counter(String netns, String chain, String verdict, String family) {
        long packets = 0;
        for (var item : Witness.nft(netns, "list", "chain", "inet", "nslab-t1", chain).path("nftables")) {
            var expr = item.path("rule").path("expr");
            boolean match = false;
            long p = 0;
            for (var e : expr) {
                if (e.has(verdict) && (e.path(verdict).path("family").asText().equals(family)
                        || expr.toString().contains("\"protocol\":\"" + family + "\",\"field\":\"saddr\""))) match = true;
                if (e.has("counter")) p = e.path("counter").path("packets").asLong();
            }
            if (match) packets += p;
        }
        return packets;
    }

    /** Listens in {@code serverNs}, connects from {@code clientNs}, returns the client address the server saw. */
    private static String remoteSeenBy(NetNs serverNs, String listenAddress, int port, NetNs clientNs, String connectTo, int connectPort)
            throws IOException {
        try (ServerSocket server = serverNs.call(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(listenAddress), port));
            return s;
        })) {
            server.setSoTimeout(10_000);
            try (Socket client = clientNs.call(() -> {
                Socket c = new Socket();
                c.connect(new InetSocketAddress(InetAddress.getByName(connectTo), connectPort), 5_000);
                return c;
            }); Socket accepted = server.accept()) {
                client.getOutputStream().write(1);
                assertEquals(1, accepted.getInputStream().read());
                return accepted.getInetAddress().getHostAddress();
            }
        }
    }
}
