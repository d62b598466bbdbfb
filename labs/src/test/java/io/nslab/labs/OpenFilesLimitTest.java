package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * A lab's up and down need a bounded number of open files, whatever the lab's size (issue 26:
 * 10,000 nodes met a session's 20,000 when up held two per node): 200 nodes come up, answer and
 * go down under a hard limit of 150 (prlimit, as a small session limit), leaving nothing.
 */
@KernelTest
class OpenFilesLimitTest {
    static final int LIMIT = 150;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void aLabOfManyMoreNodesThanOpenFilesComesUpAndGoesDown() throws Exception {
        Nslab.launcher(Map.of(), 600, "--version"); // built first, with the test's own limits
        String lab = Nslab.uniqueName();
        Path file = tmp.resolve(lab + ".json");
        Files.writeString(file, GeneratedLab.onBridges(lab, 200, "10.233.0.0/23").toString());
        try {
            String up = underLimit("up", file.toString());
            assertTrue(up.contains("n200"), up);
            Nslab.Run pingall = Nslab.run("pingall", "--sample", "100", "--seed", "1", lab);
            assertTrue(pingall.out().contains("100/100 pairs answered"), pingall.toString());
            underLimit("down", lab);
        } finally {
            Nslab.run("down", lab);
        }
        LabTraces.assertNone("after a down under " + LIMIT + " open files", LabTraces.Footprint.of(lab));
    }

    /**
     * nslab web reads each link's counters in the namespace of its end: a lab of 200 nodes in
     * 100 pairs has 100 of them. Under the same small limit, the page still gets counters for
     * every link (it opened every namespace at once, ran out of open files and sent none).
     */
    @Test
    void theWebPageGetsEveryLinksCountersUnderTheLimit() throws Exception {
        Nslab.launcher(Map.of(), 600, "--version");
        String lab = Nslab.uniqueName();
        int pairs = 100;
        ObjectNode root = JSON.createObjectNode().put("name", lab);
        ObjectNode nodes = root.putObject("nodes");
        ArrayNode links = root.putArray("links");
        for (int i = 0; i < pairs; i++) {
            String a = "a" + i, b = "b" + i, net = "10.234." + (i / 64) + ".";
            int first = (i % 64) * 4; // a /30 each
            nodes.putObject(a).putObject("interfaces").putObject("eth0").put("ip", net + (first + 1) + "/30");
            nodes.putObject(b).putObject("interfaces").putObject("eth0").put("ip", net + (first + 2) + "/30");
            links.addObject().putArray("endpoints").add(a + ":eth0").add(b + ":eth0");
        }
        Path file = tmp.resolve(lab + ".json");
        Files.writeString(file, root.toString());
        Path out = tmp.resolve("web.out"), err = tmp.resolve("web.err");
        Process web = null;
        try {
            underLimit("up", file.toString());
            web = new ProcessBuilder("prlimit", "--nofile=" + LIMIT + ":" + LIMIT, "--", Nslab.repo().resolve("nslab").toString(),
                    "web", lab, "--port", "0").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            Matcher url = awaitUrl(web, out, err);
            int port = Integer.parseInt(url.group(1));
            BlockingQueue<String> messages = new LinkedBlockingQueue<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + url.group(2)), new WebSocket.Listener() {
                        private final StringBuilder part = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                messages.add(part.toString());
                                part.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).join();
            socket.sendText(JSON.createObjectNode().put("op", "watch").put("lab", lab).toString(), true).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int counted = -1;
            while (System.nanoTime() < deadline) {
                String m = messages.poll(1, TimeUnit.SECONDS);
                if (m == null) continue;
                JsonNode msg = JSON.readTree(m);
                if (!msg.path("type").asText().equals("stats") || !msg.path("lab").asText().equals(lab)) continue;
                counted = 0;
                for (JsonNode edge : msg.path("edges")) if (edge.has("rx_bytes")) counted++;
                if (counted == pairs) break;
            }
            socket.abort();
            assertEquals(pairs, counted, "links with counters in the page's stats; web said: " + Files.readString(err));
        } finally {
            if (web != null) {
                List<ProcessHandle> server = web.descendants().toList();
                web.destroy();
                web.waitFor(30, TimeUnit.SECONDS);
                for (ProcessHandle h : server) h.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
                web.destroyForcibly().waitFor();
            }
            Nslab.run("down", lab);
        }
        LabTraces.assertNone("after nslab web under " + LIMIT + " open files", LabTraces.Footprint.of(lab));
    }

    private static Matcher awaitUrl(Process web, Path out, Path err) throws Exception {
        Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=([0-9a-f]+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = url.matcher(Files.readString(out));
            if (m.find()) return m;
            if (!web.isAlive()) break;
            Thread.sleep(100);
        }
        throw new AssertionError("nslab web printed no URL: " + Files.readString(out) + Files.readString(err));
    }

    /** Runs nslab under a hard limit of {@link #LIMIT} open files; its output, or a failure with what it said. */
    private String underLimit(String... args) throws Exception {
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        List<String> cmd = new java.util.ArrayList<>(List.of("prlimit", "--nofile=" + LIMIT + ":" + LIMIT, "--", Nslab.repo().resolve("nslab").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), String.join(" ", args) + " under a small limit hung");
            assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + Files.readString(err));
            return Files.readString(out);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
