package io.nslab.cli.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.sys.NsFiles;
import io.nslab.cli.probe.Probe;
import io.nslab.cli.probe.ProbeResult;
import io.nslab.cli.probe.Prober;
import io.nslab.core.ProcessStamp;
import io.nslab.sys.Sys;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;

/** The supervisor as a real detached JVM: started, reachable, stopped by PID, gone. */
@KernelTest
class SupervisorTest {
    @RegisterExtension
    final ThrowawayNetns netns = new ThrowawayNetns();

    @TempDir
    Path state;

    @Test
    void servesTenNodesUntilStopped() throws Exception {
        BridgeLab lab = BridgeLab.build(netns, 11); // n0..n9 serve, n10 is the client
        List<ServiceBinding> specs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            specs.add(new ServiceBinding("n" + i, "host" + i, lab.path("n" + i), ServiceType.HTTP, 80));
            specs.add(new ServiceBinding("n" + i, "host" + i, lab.path("n" + i), ServiceType.UDP_ECHO, 7));
        }
        Path spec = state.resolve("services.json");
        Path log = state.resolve("supervisor.log");
        ServiceBindings.write(spec, specs);

        List<ProcessStamp> recorded = new ArrayList<>();
        ProcessStamp supervisor = Supervisor.start(spec, log, recorded::add);
        try {
            assertEquals(List.of(supervisor), recorded, "the PID is handed over before readiness");
            assertTrue(Supervisor.alive(supervisor));
            assertEquals(supervisor, ProcessStamp.parse(supervisor.format()));

            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                probes.add(new Probe.Http(lab.path("n10"), URI.create("http://node/"), lab.address("n" + i), 200,
                        "\"hostname\":\"host" + i + "\",\"local\":\"" + lab.address("n" + i).getHostAddress() + ":80\"",
                        Probe.DEFAULT_TIMEOUT));
                probes.add(new Probe.Udp(lab.path("n10"), new InetSocketAddress(lab.address("n" + i), 7), Probe.DEFAULT_TIMEOUT));
            }
            try (Prober prober = Prober.open()) {
                for (ProbeResult r : prober.runAll(probes)) assertTrue(r.ok(), r.toString());
            }

            // Detached: the terminal's hangup (and its Ctrl-C) does not end it. The kernel's own
            // view, not a guess from a short wait: SIGHUP (bit 0) and SIGINT (bit 1) are ignored.
            long ignored = Long.parseUnsignedLong(Files.readAllLines(Path.of("/proc/" + supervisor.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim(), 16);
            assertEquals(0b11, ignored & 0b11, "SIGHUP and SIGINT ignored: SigIgn " + Long.toHexString(ignored));
            Sys.C.kill(supervisor.pid(), 1 /* SIGHUP */);
            assertTrue(Supervisor.alive(supervisor), "SIGHUP ended the supervisor");

            // Its event loops (and every other thread) live in the machine's own namespace.
            long home = NsFiles.inode(Path.of("/proc/self/ns/net"));
            try (var tasks = Files.list(Path.of("/proc/" + supervisor.pid() + "/task"))) {
                for (Path task : tasks.toList()) {
                    assertEquals(home, NsFiles.inode(task.resolve("ns/net")),
                            "thread " + Files.readString(task.resolve("comm")).strip() + " is in a node's namespace");
                }
            }
            System.out.println("supervisor, 10 nodes x 2 services: " + rss(supervisor.pid()));
        } finally {
            Supervisor.stop(supervisor);
        }
        assertFalse(Supervisor.alive(supervisor));
        // Gone, not only dead: the JVM that started it reaps it on a thread of its own, so a loaded
        // machine may show the exited process (a zombie) for a moment.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ProcessStamp.of(supervisor.pid()).filter(supervisor::equals).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessStamp.of(supervisor.pid()).filter(supervisor::equals).isPresent(),
                "the supervisor's process is still there");
        String logText = Files.readString(log);
        // BridgeLab's nodes have IPv6 too, so the services listen on :: (both families).
        assertTrue(logText.contains("serving n9 udp-echo/7 on /[0:0:0:0:0:0:0:0]:7 in " + lab.path("n9")), logText);
        assertTrue(logText.strip().endsWith("stopped"), logText);

        // Its sockets went with it.
        ProbeResult after;
        try (Prober prober = Prober.open()) {
            after = prober.run(new Probe.Tcp(lab.path("n10"), new InetSocketAddress(lab.address("n0"), 80), Probe.DEFAULT_TIMEOUT));
        }
        assertEquals("connection refused", after.detail());
        Supervisor.stop(supervisor); // stopping again is harmless
    }

    @Test
    void reportsWhyItCouldNotStart() throws Exception {
        Path spec = state.resolve("services.json");
        Path log = state.resolve("supervisor.log");
        ServiceBindings.write(spec, List.of(new ServiceBinding("web", "web", "/run/netns/nst-not-there", ServiceType.HTTP, 80)));
        SupervisorException e = assertThrows(SupervisorException.class, () -> Supervisor.start(spec, log));
        assertTrue(e.getMessage().startsWith("service web http/80 in /run/netns/nst-not-there: cannot enter the network namespace"),
                e.getMessage());
        assertTrue(Files.readString(log).contains("failed: service web http/80"));

        Files.writeString(spec, "[{\"node\":1}]");
        SupervisorException bad = assertThrows(SupervisorException.class, () -> Supervisor.start(spec, log));
        assertTrue(bad.getMessage().startsWith("service spec [0]"), bad.getMessage());
    }

    private static String rss(int pid) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("RssAnon") || line.startsWith("RssFile") || line.startsWith("Threads")) out.append(line.replaceAll("\\s+", " ")).append("; ");
        }
        return out.toString();
    }
}
