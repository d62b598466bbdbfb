package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.cli.services.BridgeLab;
import io.nslab.cli.services.ServiceHost;
import io.nslab.cli.services.ServiceLog;
import io.nslab.cli.services.ServiceBinding;
import io.nslab.cli.services.ServiceType;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

/** Probes from one node of a bridge network to another that serves http, tcp-echo and udp-echo. */
@KernelTest
class ProberTest {
    /** What the unanswered probes wait: short, so the test is quick. */
    private static final Duration TIMEOUT = Duration.ofMillis(800);
    /**
     * What probes that get an answer may take: a loaded 2-core machine (seen: load 16, eight
     * builds at once) delays an answer past 800 ms. A wrong answer still fails at once.
     */
    private static final Duration ANSWERED = Duration.ofSeconds(5);

    @RegisterExtension
    final ThrowawayNetns netns = new ThrowawayNetns();
    private BridgeLab lab;
    private ServiceHost services;
    private Prober prober;
    private String client;
    private InetAddress server;

    @BeforeEach
    void network() {
        lab = BridgeLab.build(netns, 2);
        services = ServiceHost.start(List.of(
                new ServiceBinding("n0", "web", lab.path("n0"), ServiceType.HTTP, 80),
                new ServiceBinding("n0", "web", lab.path("n0"), ServiceType.TCP_ECHO, 7),
                new ServiceBinding("n0", "web", lab.path("n0"), ServiceType.UDP_ECHO, 7)), 1, ServiceLog.silent());
        prober = Prober.open();
        client = lab.path("n1");
        server = lab.address("n0");
    }

    @AfterEach
    void stop() {
        prober.close();
        services.close();
    }

    @Test
    void passingProbes() {
        List<ProbeResult> results = prober.runAll(List.of(
                new Probe.Ping(client, server, ANSWERED),
                new Probe.Tcp(client, new InetSocketAddress(server, 7), ANSWERED),
                new Probe.Udp(client, new InetSocketAddress(server, 7), ANSWERED),
                http("http://web/", null, "\"hostname\":\"web\""),
                http("http://web:80/x?y=1", 200, "\"path\":\"/x?y=1\"")));
        for (ProbeResult r : results) assertTrue(r.ok(), r.toString());
        assertEquals("reply from 10.77.0.2", results.get(0).detail());
        assertEquals("connected to 10.77.0.2:7", results.get(1).detail());
        assertTrue(results.get(2).detail().startsWith("echo from 10.77.0.2:7"), results.get(2).detail());
        assertEquals(200, results.get(3).http().status());
        assertTrue(results.get(3).http().body().contains("\"remote\":\"10.77.0.3:"), results.get(3).http().body());
    }

    @Test
    void probesOverIpv6() {
        InetAddress server6 = lab.address6("n0");
        List<ProbeResult> results = prober.runAll(List.of(
                new Probe.Ping(client, server6, ANSWERED),
                new Probe.Tcp(client, new InetSocketAddress(server6, 7), ANSWERED),
                new Probe.Udp(client, new InetSocketAddress(server6, 7), ANSWERED),
                new Probe.Http(client, URI.create("http://[fd77::2]/"), server6, 200, "\"local\":\"[fd77::2]:80\"", ANSWERED),
                new Probe.Ping(client, BridgeLab.ip("fd77::250"), TIMEOUT)));
        for (ProbeResult r : results.subList(0, 4)) assertTrue(r.ok(), r.toString());
        assertEquals("reply from fd77::2", results.get(0).detail());
        assertEquals("connected to [fd77::2]:7", results.get(1).detail());
        assertTrue(results.get(2).detail().startsWith("echo from [fd77::2]:7"), results.get(2).detail());
        assertTrue(results.get(3).http().body().contains("\"remote\":\"[fd77::3]:"), results.get(3).http().body());
        assertFailure(results.get(4), "timeout after 800 ms");
        // ip -6 as the witness: the exchange went over IPv6, neighbour discovery found n0's MAC.
        String neigh = Witness.ip(lab.ns("n1").name(), "-6", "neigh", "show", "dev", "eth0").toString();
        assertTrue(neigh.contains("\"dst\":\"fd77::2\""), neigh);
    }

    @Test
    void closedPortsAreRefusedAtOnce() {
        List<ProbeResult> results = prober.runAll(List.of(
                new Probe.Tcp(client, new InetSocketAddress(server, 8), ANSWERED),
                new Probe.Udp(client, new InetSocketAddress(server, 8), ANSWERED),
                http("http://web:81/", null, null)));
        assertFailure(results.get(0), "connection refused");
        assertFailure(results.get(1), "connection refused (ICMP port unreachable)");
        assertFailure(results.get(2), "connection refused");
        for (ProbeResult r : results) assertTrue(r.elapsed().compareTo(ANSWERED) < 0, r.toString());
    }

    @Test
    void wrongStatusOrBodyFails() {
        ProbeResult status = prober.run(http("http://web/", 404, null));
        assertFailure(status, "status 200, expected 404");
        assertEquals(200, status.http().status());
        ProbeResult body = prober.run(http("http://web/", null, "\"hostname\":\"db\""));
        assertFalse(body.ok());
        assertTrue(body.detail().startsWith("body does not contain \"hostname\":\"db\" (body: {\"hostname\":\"web\""), body.detail());
    }

    @Test
    void unansweredProbesTimeOutWithinTheirBound() {
        InetAddress nobody = BridgeLab.NOBODY;
        List<Probe> probes = List.of(
                new Probe.Ping(client, nobody, TIMEOUT),
                new Probe.Tcp(client, new InetSocketAddress(nobody, 80), TIMEOUT),
                new Probe.Udp(client, new InetSocketAddress(nobody, 7), TIMEOUT),
                new Probe.Http(client, URI.create("http://ghost/"), nobody, null, null, TIMEOUT));
        long start = System.nanoTime();
        List<ProbeResult> results = prober.runAll(probes);
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        for (ProbeResult r : results) assertFailure(r, "timeout after 800 ms");
        assertTrue(wall.compareTo(TIMEOUT) >= 0, "did not wait: " + wall);
        assertTrue(wall.compareTo(TIMEOUT.plusMillis(700)) < 0, "all in parallel, each bounded: " + wall);
    }

    @Test
    void noRouteFailsAtOnce() {
        InetAddress elsewhere = BridgeLab.ip("10.78.0.1"); // no route: never leaves the namespace
        List<ProbeResult> results = prober.runAll(List.of(
                new Probe.Ping(client, elsewhere, TIMEOUT),
                new Probe.Tcp(client, new InetSocketAddress(elsewhere, 80), TIMEOUT)));
        assertFailure(results.get(0), "network unreachable (no route)");
        assertFailure(results.get(1), "network unreachable");
    }

    @Test
    void aMissingNamespaceIsAFailureNotACrash() {
        ProbeResult r = prober.run(new Probe.Tcp("/run/netns/nst-not-there", new InetSocketAddress(server, 7), TIMEOUT));
        assertFalse(r.ok());
        assertTrue(r.detail().startsWith("cannot probe from /run/netns/nst-not-there: open /run/netns/nst-not-there: ENOENT"), r.detail());
        ProbeResult ping = prober.run(new Probe.Ping("/run/netns/nst-not-there", server, TIMEOUT));
        assertTrue(ping.detail().startsWith("cannot ping from /run/netns/nst-not-there"), ping.detail());
    }

    @Test
    void manyProbesAtOnce() {
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            probes.add(new Probe.Tcp(client, new InetSocketAddress(server, 7), ANSWERED));
            probes.add(http("http://web/" + i, 200, "\"path\":\"/" + i + "\""));
            probes.add(new Probe.Udp(client, new InetSocketAddress(server, 7), ANSWERED));
            probes.add(new Probe.Ping(client, server, ANSWERED));
        }
        long start = System.nanoTime();
        List<ProbeResult> results = prober.runAll(probes);
        long ms = (System.nanoTime() - start) / 1_000_000;
        for (ProbeResult r : results) assertTrue(r.ok(), r.toString());
        long busyMs = results.stream().mapToLong(r -> r.elapsed().toMillis()).sum();
        System.out.println("1200 probes (tcp, http, udp, ping) in " + ms + " ms, " + busyMs + " ms of probe time");
        // At once, not one after the other, proven without a wall-clock bound (a loaded machine
        // stretches both sides alike): run in turn, the probes' own times would add up to the wall time.
        assertTrue(busyMs > 4 * ms, "not in parallel: " + busyMs + " ms of probes in " + ms + " ms");
    }

    private Probe.Http http(String url, Integer status, String body) {
        return new Probe.Http(client, URI.create(url), server, status, body, ANSWERED);
    }

    private static void assertFailure(ProbeResult r, String reason) {
        assertFalse(r.ok(), r.toString());
        assertEquals(reason, r.detail(), r.toString());
    }
}
