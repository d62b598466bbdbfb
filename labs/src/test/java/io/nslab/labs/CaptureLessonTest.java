package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;

/**
 * What labs/capture.md shows, with tshark as the witness: MASQUERADE rewrites the source of a
 * ping between the bridge port and wan0, DNAT the destination of a connection between wan0 and
 * web's port; and {@code nslab test --capture DIR} leaves one whole pcapng of the run.
 */
@KernelTest
class CaptureLessonTest {
    @TempDir Path tmp;

    @Test
    void natRewritesAreSeenOnBothSidesOfTheHostSide() throws Exception {
        String lab = Nslab.uniqueName();
        Nslab.Run up = Nslab.run("up", Nslab.copyAs(Nslab.repo().resolve("labs/capture.json"), lab, tmp).toString());
        assertEquals(0, up.code(), up.toString());
        List<ProcessStamp> processes = Leftovers.processes(lab);
        try {
            Path masq = tmp.resolve("masq.pcapng");
            Process capture = start(processes, lab, "host:client-eth0", "host:wan0", "-f", "icmp", "-c", "4", "-w", masq.toString());
            exec(lab, "client", "ping", "-c1", "-W2", "isp");
            assertTrue(capture.waitFor(60, TimeUnit.SECONDS), "the capture ends after 4 packets");
            assertEquals(List.of(
                    "host:client-eth0\t172.24.0.2\t192.0.2.2\t8",   // the request as the client sent it
                    "host:client-eth0\t192.0.2.2\t172.24.0.2\t0",   // the reply, its destination put back
                    "host:wan0\t192.0.2.1\t192.0.2.2\t8",           // MASQUERADE: the host side's address as the source
                    "host:wan0\t192.0.2.2\t192.0.2.1\t0"),
                    rows(masq, "ip.src", "ip.dst", "icmp.type"));

            Path dnat = tmp.resolve("dnat.pcapng");
            capture = start(processes, lab, "host:wan0", "host:web-eth0", "-f", "tcp port 80 or tcp port 8080", "-w", dnat.toString());
            exec(lab, "isp", "curl", "-sS", "-m3", "http://192.0.2.1:8080/");
            Thread.sleep(300);
            io.nslab.sys.Sys.C.kill((int) capture.pid(), 15);
            assertTrue(capture.waitFor(60, TimeUnit.SECONDS), "SIGTERM ends the capture");
            assertEquals(List.of(
                    "host:wan0\t192.0.2.2\t192.0.2.1\t8080",        // the SYN (flags 0x002) as isp sent it
                    "host:web-eth0\t192.0.2.2\t172.24.0.10\t80"),   // DNAT: a new destination, the same source
                    rows(dnat, "-Y", "tcp.flags == 0x002", "ip.src", "ip.dst", "tcp.dstport"));
        } finally {
            Nslab.Run down = Nslab.run("down", lab);
            assertEquals(0, down.code(), down.toString());
        }
        Leftovers.assertNone(lab, processes);
    }

    @Test
    void testWithCaptureWritesOnePcapngPerRun() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/capture.json"), lab, tmp);
        Path dir = tmp.resolve("caps");
        Nslab.Run test = Nslab.run("test", "--capture", dir.toString(), file.toString());
        assertEquals(0, test.code(), test.toString());
        assertTrue(test.out().contains(", 0 dropped by the kernel, in " + dir.resolve(lab + ".pcapng")), test.out());
        String names = CaptureTest.tshark(dir.resolve(lab + ".pcapng"), "-T", "fields", "-e", "frame.interface_name");
        for (String iface : List.of("client:eth0", "web:eth0", "isp:eth0", "host:wan0")) {
            assertTrue(names.lines().anyMatch(iface::equals), iface + " in the run's capture");
        }
        String http = CaptureTest.tshark(dir.resolve(lab + ".pcapng"), "-Y", "http.request", "-T", "fields", "-e", "http.host");
        assertTrue(http.contains("192.0.2.1:8080"), "the checks' HTTP requests are in it: " + http);
        Leftovers.assertNone(lab, List.of());
    }

    private Process start(List<ProcessStamp> processes, String lab, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("capture", "-l", lab));
        all.addAll(List.of(args));
        Path err = tmp.resolve("capture.err");
        Files.deleteIfExists(err);
        Files.createFile(err);
        Process p = Nslab.start(Map.of(), tmp.resolve("capture.out"), err, all.toArray(String[]::new));
        ProcessStamp.of((int) p.pid()).ifPresent(processes::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err).contains("capturing on")) {
            if (!p.isAlive() || System.nanoTime() > deadline) throw new AssertionError("capture did not start: " + Files.readString(err));
            Thread.sleep(50);
        }
        return p;
    }

    /** One row per packet: the interface's name and {@code fields}, tab-separated, sorted. */
    private static List<String> rows(Path file, String... fields) throws Exception {
        List<String> args = new ArrayList<>(List.of("-T", "fields", "-e", "frame.interface_name"));
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals("-Y")) args.addAll(List.of("-Y", fields[++i])); // a display filter: only those packets
            else args.addAll(List.of("-e", fields[i]));
        }
        return CaptureTest.tshark(file, args.toArray(String[]::new)).lines().sorted().toList();
    }

    private static void exec(String lab, String node, String... cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("exec", "-l", lab, node));
        args.addAll(List.of(cmd));
        Nslab.Run run = Nslab.process(Map.of(), args.toArray(String[]::new));
        assertEquals(0, run.code(), run.toString());
    }
}
