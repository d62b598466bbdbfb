package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;

/**
 * {@code nslab capture} on labs/bridge.json (under a name of its own), with tshark reading
 * every file it writes as the independent witness: a ping across the bridge seen on both nodes
 * and on the bridge's ports, each packet with the right direction; HTTP seen as HTTP; 1,000
 * pings at 1 ms, every packet captured and none dropped; a capture ended by the lab going down
 * leaves a whole file and no process.
 */
@KernelTest
class CaptureTest {
    @TempDir Path tmp;
    private String lab;
    private final List<ProcessStamp> captures = new ArrayList<>();

    @BeforeEach
    void up() throws IOException {
        lab = Nslab.uniqueName();
        Nslab.Run up = Nslab.run("up", Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp).toString());
        assertEquals(0, up.code(), up.toString());
    }

    @AfterEach
    void down() throws IOException {
        List<ProcessStamp> processes = new ArrayList<>(LabTraces.journaled(lab));
        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), down.toString());
        processes.addAll(captures);
        LabTraces.assertNone(lab, lab, processes);
    }

    @Test
    void pingAcrossTheBridgeIsSeenOnEveryTapWithItsDirection() throws Exception {
        Path file = tmp.resolve("ping.pcapng");
        Process capture = startCapture("client:eth0", "web", "nslab0", "-f", "icmp", "-c", "8", "--duration", "60s", "-w", file.toString());
        exec("client", "ping", "-c1", "-W2", "web");
        assertEquals(0, finish(capture));

        // Per packet: the interface's name (from the file's interface blocks), direction (1 in, 2 out), ICMP type.
        List<String> rows = tshark(file, "-T", "fields", "-e", "frame.interface_name", "-e", "frame.packet_flags_direction",
                "-e", "icmp.type").lines().map(l -> l.replace("0x00000001", "in").replace("0x00000002", "out")).sorted().toList();
        assertEquals(List.of(
                "client:eth0\tin\t0", "client:eth0\tout\t8",             // the client sends the request, gets the reply
                "host:client-eth0\tin\t8", "host:client-eth0\tout\t0",   // the bridge gets it from the client's port...
                "host:web-eth0\tin\t0", "host:web-eth0\tout\t8",         // ...and sends it out of web's
                "web:eth0\tin\t8", "web:eth0\tout\t0"), rows);
        String interfaces = tshark(file, "-T", "fields", "-e", "frame.interface_description", "-Y", "frame.interface_name == \"host:web-eth0\"");
        assertTrue(interfaces.contains("port of bridge nslab0, peer web:eth0"), interfaces);
    }

    @Test
    void httpIsSeenAsHttpAndCtrlCEndsTheFileWhole() throws Exception {
        Path file = tmp.resolve("http.pcapng");
        Process capture = startCapture("web:eth0", "-f", "tcp port 80", "-w", file.toString());
        String whoami = exec("client", "curl", "-sS", "-m3", "http://web/");
        assertTrue(whoami.contains("\"hostname\":\"web\""), whoami);
        Thread.sleep(300); // the last ACKs of the close
        io.nslab.sys.Sys.C.kill((int) capture.pid(), 2); // SIGINT, as Ctrl-C
        assertEquals(130, finish(capture), "ended by SIGINT, as a shell reports it");
        String report = Files.readString(tmp.resolve("capture.err"));
        assertTrue(report.contains("packets captured (web:eth0 ") && report.contains(", 0 dropped by the kernel"), report);
        String http = tshark(file, "-Y", "http", "-T", "fields", "-e", "http.request.method", "-e", "http.response.code");
        assertTrue(http.contains("GET") && http.contains("200"), http);
    }

    @Test
    void thousandPingsAtOneMillisecondAreAllCaptured() throws Exception {
        Path file = tmp.resolve("flood.pcapng");
        Process capture = startCapture("web:eth0", "-f", "icmp", "-c", "2000", "--duration", "120s", "-w", file.toString());
        exec("client", "ping", "-q", "-c", "1000", "-i", "0.001", "-W", "2", "web");
        assertEquals(0, finish(capture));
        String report = Files.readString(tmp.resolve("capture.err"));
        assertTrue(report.contains("2000 packets captured (web:eth0 2000), 0 dropped by the kernel"), report);
        assertEquals("2000", tshark(file, "-T", "fields", "-e", "frame.number").lines().reduce((a, b) -> b).orElse(""));
    }

    @Test
    void theLabGoingDownEndsTheCaptureAndItsFileIsWhole() throws Exception {
        Path file = tmp.resolve("down.pcapng");
        Process capture = startCapture("--all", "-w", file.toString());
        exec("client", "ping", "-c1", "-W2", "web");
        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), down.toString());
        assertTrue(capture.waitFor(10, TimeUnit.SECONDS), "down ended the capture");
        assertTrue(Files.readString(tmp.resolve("capture.err")).contains("packets captured"), "and the capture reported its counts");
        assertFalse(tshark(file, "-T", "fields", "-e", "frame.interface_name").isBlank());
        up(); // for @AfterEach, which checks that nothing is left of either
    }

    @Test
    void aDurationEndsTheCaptureWithAWholeFile() throws Exception {
        Path file = tmp.resolve("timed.pcapng");
        long start = System.nanoTime();
        Process capture = startCapture("web:eth0", "-f", "icmp", "--duration", "2s", "-w", file.toString());
        exec("client", "ping", "-c1", "-W2", "web");
        assertEquals(0, finish(capture));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(seconds < 30, "ended by its duration, not by the test's 60 s: " + seconds + " s");
        assertEquals("web:eth0\nweb:eth0\n", tshark(file, "-T", "fields", "-e", "frame.interface_name"), "the request and the reply");
    }

    @Test
    void jsonSaysWhatEachPacketIsAndEndsWithTheCounts() throws Exception {
        Process capture = startCapture("web:eth0", "-f", "icmp", "-c", "2", "--duration", "60s", "--json");
        exec("client", "ping", "-c1", "-W2", "web");
        assertEquals(0, finish(capture));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve("capture.out"))) lines.add(new ObjectMapper().readTree(line));
        assertEquals(3, lines.size(), lines.toString());
        JsonNode request = lines.get(0), reply = lines.get(1), end = lines.get(2);
        assertEquals(List.of("packet", "web:eth0", "in", "icmp", "172.20.0.2", "172.20.0.10", "8"), fields(request,
                "type", "interface", "direction", "protocol", "src", "dst", "icmp_type"));
        assertEquals(List.of("packet", "web:eth0", "out", "icmp", "172.20.0.10", "172.20.0.2", "0"), fields(reply,
                "type", "interface", "direction", "protocol", "src", "dst", "icmp_type"));
        assertTrue(request.get("summary").asText().startsWith("IPv4 172.20.0.2 > 172.20.0.10 ICMP echo request"), request.toString());
        assertTrue(reply.get("time_ns").asLong() > request.get("time_ns").asLong(), "nanosecond times, in order");
        assertEquals(List.of("end", "2", "0"), fields(end, "type", "captured", "dropped"));
        assertEquals("web:eth0", end.get("interfaces").get(0).get("interface").asText());
    }

    @Test
    void dashWStreamsEachPacketToTsharkAsItComes() throws Exception {
        // nslab capture -w - | tshark -r -: tshark prints the ping while the capture still runs.
        Path err = tmp.resolve("capture.err");
        Files.createFile(err);
        List<Process> pipe = ProcessBuilder.startPipeline(List.of(
                Nslab.builder(null, Map.of(), "capture", "-l", lab, "web:eth0", "-f", "icmp", "-w", "-").redirectError(err.toFile()),
                new ProcessBuilder("tshark", "-l", "-r", "-", "-T", "fields", "-e", "frame.interface_name", "-e", "icmp.type")
                        .redirectError(tmp.resolve("tshark.err").toFile())));
        Process capture = pipe.get(0), tshark = pipe.get(1);
        ProcessStamp.of((int) capture.pid()).ifPresent(captures::add);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(err).contains("capturing on")) {
                assertTrue(capture.isAlive() && System.nanoTime() < deadline, "capture did not start: " + Files.readString(err));
                Thread.sleep(50);
            }
            exec("client", "ping", "-c1", "-W2", "web");
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(tshark.getInputStream()));
            assertEquals("web:eth0\t8", out.readLine());
            assertEquals("web:eth0\t0", out.readLine());
            assertTrue(capture.isAlive(), "both packets read while the capture runs");
        } finally {
            io.nslab.sys.Sys.C.kill((int) capture.pid(), 15);
            assertTrue(capture.waitFor(60, TimeUnit.SECONDS) && tshark.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(0, tshark.exitValue(), Files.readString(tmp.resolve("tshark.err")));
    }

    private static List<String> fields(JsonNode o, String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) out.add(o.path(n).asText(null));
        return out;
    }

    @Test
    void badTargetsAndFiltersAreBadInput() {
        Nslab.Run target = Nslab.run("capture", "-l", lab, "nosuch:eth0");
        assertEquals(2, target.code(), target.toString());
        assertTrue(target.err().contains("\"nosuch:eth0\" names no interface"), target.err());
        Nslab.Run filter = Nslab.run("capture", "-l", lab, "web", "-f", "tcp port http");
        assertEquals(2, filter.code(), filter.toString());
        assertTrue(filter.err().contains("\"http\" is not a port number"), filter.err());
        Nslab.Run both = Nslab.run("capture", "-l", lab, "web", "--json", "-w", "-");
        assertEquals(2, both.code(), both.toString());
        Nslab.Run dump = Nslab.run("capture", "--dump-filter", "-f", "arp");
        assertEquals("(000) ldh      [12]\n(001) jeq      #0x806           jt 2\tjf 3\n(002) ret      #262144\n(003) ret      #0\n", dump.out());
    }

    /** Starts {@code nslab capture -l LAB ARGS} as a process of its own; returns once it captures. */
    private Process startCapture(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("capture", "-l", lab));
        all.addAll(List.of(args));
        Path err = tmp.resolve("capture.err");
        Process p = Nslab.start(Map.of(), tmp.resolve("capture.out"), err, all.toArray(String[]::new));
        ProcessStamp.of((int) p.pid()).ifPresent(captures::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err).contains("capturing on")) {
            if (!p.isAlive()) throw new AssertionError("capture ended at once: " + Files.readString(err));
            if (System.nanoTime() > deadline) throw new AssertionError("capture did not start: " + Files.readString(err));
            Thread.sleep(50);
        }
        return p;
    }

    private int finish(Process capture) throws Exception {
        if (!capture.waitFor(60, TimeUnit.SECONDS)) {
            capture.destroyForcibly();
            throw new AssertionError("capture did not end: " + Files.readString(tmp.resolve("capture.err")));
        }
        return capture.exitValue();
    }

    private String exec(String node, String... cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("exec", "-l", lab, node));
        args.addAll(List.of(cmd));
        Nslab.Run run = Nslab.process(Map.of(), args.toArray(String[]::new));
        assertEquals(0, run.code(), run.toString());
        return run.out();
    }

    /** {@code tshark -r FILE ARGS}: its output; any warning on stderr fails the test. */
    static String tshark(Path file, String... args) throws Exception {
        return Tshark.read(file, args);
    }
}
