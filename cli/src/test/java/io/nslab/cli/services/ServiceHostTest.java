package io.nslab.cli.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.sys.NsFiles;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.sys.InNamespace;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;

@KernelTest
class ServiceHostTest {
    @RegisterExtension
    final ThrowawayNetns netns = new ThrowawayNetns();
    private NetNs ns;

    @BeforeEach
    void namespace() {
        ns = netns.create();
        try (Rtnetlink rt = Rtnetlink.open(ns)) {
            rt.setUp("lo");
        }
    }

    @Test
    void servesInsideTheNamespaceOnly() throws Exception {
        int port = freeInRootNamespace();
        try (ServiceHost host = ServiceHost.start(List.of(new ServiceBinding("web", "web-host", ns.path(), ServiceType.HTTP, port)),
                1, ServiceLog.silent())) {
            assertEquals(1, host.bound().size());
            String[] exchange = InNamespace.call(ns.path(), () -> httpGet("127.0.0.1", port, "/some/path?q=\"x\""));
            assertTrue(exchange[1].startsWith("HTTP/1.1 200 OK"), exchange[1]);
            assertTrue(exchange[1].toLowerCase().contains("content-type: application/json"), exchange[1]);
            JsonNode whoami = new ObjectMapper().readTree(exchange[1].substring(exchange[1].indexOf("\r\n\r\n") + 4));
            assertEquals("web-host", whoami.get("hostname").asText());
            assertEquals("127.0.0.1:" + port, whoami.get("local").asText());
            assertEquals(exchange[0], whoami.get("remote").asText(), "remote is the client's own address and port");
            assertEquals("GET", whoami.get("method").asText());
            assertEquals("/some/path?q=\"x\"", whoami.get("path").asText());

            // Not in the machine's own namespace: the same port on its loopback has nobody.
            assertThrows(ConnectException.class, () -> httpGet("127.0.0.1", port, "/"));
        }
    }

    @Test
    void whoamiNamesBothEndsAcrossABridge() throws Exception {
        BridgeLab lab = BridgeLab.build(netns, 2);
        try (ServiceHost host = ServiceHost.start(List.of(new ServiceBinding("n0", "web", lab.path("n0"), ServiceType.HTTP, 80)),
                1, ServiceLog.silent())) {
            String[] exchange = InNamespace.call(lab.path("n1"), () -> httpGet(lab.address("n0").getHostAddress(), 80, "/"));
            String body = exchange[1].substring(exchange[1].indexOf("\r\n\r\n") + 4);
            assertEquals(body.length(), contentLength(exchange[1]));
            assertTrue(exchange[0].startsWith("10.77.0.3:"), exchange[0]);
            assertEquals("{\"hostname\":\"web\",\"local\":\"10.77.0.2:80\",\"remote\":\"" + exchange[0]
                    + "\",\"method\":\"GET\",\"path\":\"/\"}\n", body);
        }
    }

    @Test
    void echoesTcpAndUdp() throws Exception {
        int port = freeInRootNamespace();
        try (ServiceHost host = ServiceHost.start(List.of(
                new ServiceBinding("e", "e", ns.path(), ServiceType.TCP_ECHO, port),
                new ServiceBinding("e", "e", ns.path(), ServiceType.UDP_ECHO, port)), 1, ServiceLog.silent())) {
            String tcp = InNamespace.call(ns.path(), () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write("hello tcp\n".getBytes(StandardCharsets.US_ASCII));
                    return new String(s.getInputStream().readNBytes(10), StandardCharsets.US_ASCII);
                }
            });
            assertEquals("hello tcp\n", tcp);
            String udp = InNamespace.call(ns.path(), () -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.setSoTimeout(2000);
                    byte[] out = "hello udp".getBytes(StandardCharsets.US_ASCII);
                    s.send(new DatagramPacket(out, out.length, InetAddress.getByName("127.0.0.1"), port));
                    DatagramPacket in = new DatagramPacket(new byte[100], 100);
                    s.receive(in);
                    return new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
                }
            });
            assertEquals("hello udp", udp);
        }
    }

    @Test
    void eventLoopThreadsStayInTheHomeNamespace() throws Exception {
        long home = NsFiles.inode(Path.of("/proc/self/ns/net"));
        try (ServiceHost host = ServiceHost.start(List.of(new ServiceBinding("e", "e", ns.path(), ServiceType.TCP_ECHO, 7)),
                1, ServiceLog.silent())) {
            Map<Long, String> loops = loopThreadNamespaces("nslab-svc");
            assertEquals(1, loops.size(), loops.toString());
            for (long inode : loops.keySet()) assertEquals(home, inode, "event loop thread in a foreign netns: " + loops);
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        ServiceBinding first = new ServiceBinding("a", "a", ns.path(), ServiceType.TCP_ECHO, 9000);
        ServiceBinding second = new ServiceBinding("b", "b", ns.path(), ServiceType.HTTP, 9000);
        ServiceBindException e = assertThrows(ServiceBindException.class,
                () -> ServiceHost.start(List.of(first, second), 1, ServiceLog.silent()).close());
        assertTrue(e.getMessage().startsWith("service b http/9000 in " + ns.path() + ": port already in use"), e.getMessage());
        // Nothing stays bound: the first service was closed again.
        try (ServiceHost again = ServiceHost.start(List.of(first), 1, ServiceLog.silent())) {
            assertEquals(1, again.bound().size());
        }
        ServiceBindException missing = assertThrows(ServiceBindException.class, () -> ServiceHost.start(
                List.of(new ServiceBinding("c", "c", "/run/netns/nst-does-not-exist", ServiceType.HTTP, 80)), 1, ServiceLog.silent()));
        assertTrue(missing.getMessage().contains("cannot enter the network namespace"), missing.getMessage());
    }

    /** The netns inode of each live thread whose name starts with {@code prefix}, by inode. */
    static Map<Long, String> loopThreadNamespaces(String prefix) throws Exception {
        Map<Long, String> found = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith(prefix)) {
                        found.merge(NsFiles.inode(task.resolve("ns/net")), name, (a, b) -> a + "," + b);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // A thread that ended between the listing and the reads (a JVM's own threads come and
                    // go) fails them with ENOENT or ESRCH ("No such process"): skip it, and only it. A
                    // thread still listed whose files cannot be read is a failure of the test.
                    if (Files.exists(task)) throw e;
                }
            }
        }
        return found;
    }

    /** A port nobody listens on in the machine's own namespace (read from /proc, no traffic). */
    static int freeInRootNamespace() throws Exception {
        String tcp = Files.readString(Path.of("/proc/self/net/tcp")) + Files.readString(Path.of("/proc/self/net/tcp6"));
        for (int port = 18080; port < 19000; port++) {
            if (!tcp.contains(String.format(":%04X ", port))) return port;
        }
        throw new IllegalStateException("no free port");
    }

    /** Sends a GET and returns {client "IP:port", raw response}. */
    static String[] httpGet(String host, int port, String path) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort(), response};
        }
    }

    static int contentLength(String response) {
        Matcher m = Pattern.compile("(?i)content-length: (\\d+)").matcher(response);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
