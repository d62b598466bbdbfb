package io.nslab.netlink.nft;

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

/**
 * Real packets through rules made only by this library. A lab in miniature:
 * <pre>
 *   node (172.20.0.10) --veth-- [nslab0 172.20.0.1 | host | wan0 198.51.100.1] --veth-- outside (198.51.100.2)
 * </pre>
 * The host masquerades the bridge's subnet and publishes tcp 8080 to node:80. Sockets are
 * Java's, created on threads inside each namespace.
 */
@KernelTest
class NatTrafficTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void masqueradeAndDnatWithRealConnections() throws Exception {
        NetNs host = throwaway.create(), node = throwaway.create(), outside = throwaway.create();
        try (Rtnetlink h = Rtnetlink.open(host); Rtnetlink n = Rtnetlink.open(node); Rtnetlink o = Rtnetlink.open(outside);
             NfTables nft = NfTables.open(host)) {
            h.createBridge("nslab0", 0);
            h.addAddress("nslab0", "172.20.0.1/24");
            h.createVeth("vnode", "eth0", node, 0, null);
            h.setMaster("vnode", "nslab0");
            h.createVeth("wan0", "eth0", outside, 0, null);
            h.addAddress("wan0", "198.51.100.1/24");
            for (String i : List.of("lo", "nslab0", "vnode", "wan0")) h.setUp(i);
            n.addAddress("eth0", "172.20.0.10/24");
            o.addAddress("eth0", "198.51.100.2/24");
            for (Rtnetlink r : List.of(n, o)) {
                r.setUp("lo");
                r.setUp("eth0");
            }
            n.addRoute("default", "172.20.0.1", null);
            // The outside knows no route to 172.20.0.0/24: only NAT gets the node's traffic back.
            Sysctl.set(host, "net.ipv4.ip_forward", "1");
            nft.applyNat(new NatTable("nslab-t1", List.of(new Masquerade("172.20.0.0/24", "nslab0")),
                    List.of(new Dnat("tcp", 8080, "172.20.0.10", 80))));

            // Masquerade: the outside sees the host's address, not the node's.
            assertEquals("198.51.100.1", remoteSeenBy(outside, "198.51.100.2", 9000, node, "198.51.100.2", 9000));
            // DNAT from outside: the node sees the real client.
            assertEquals("198.51.100.2", remoteSeenBy(node, "172.20.0.10", 80, outside, "198.51.100.1", 8080));
            // DNAT from the host side itself (the output chain).
            assertEquals("198.51.100.1", remoteSeenBy(node, "172.20.0.10", 80, host, "198.51.100.1", 8080));
            // Inside the bridge nothing is masqueraded: the host's bridge address reaches the node as itself.
            assertEquals("172.20.0.1", remoteSeenBy(node, "172.20.0.10", 80, host, "172.20.0.10", 80));

            long counted = nft.rules("nslab-t1").stream().mapToLong(Rule::packets).sum();
            assertTrue(counted >= 3, "the rules' counters saw the connections: " + counted);
        }
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
