package io.nslab.labs.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nslab.labs.Nslab;

/** {@code nslab web LAB --port 0} as a user runs it (a JVM of its own), its URL read from what it prints. */
final class WebServerRun implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=([0-9a-f]+)");

    final Process process;
    final String url;
    final int port;
    final String token;
    private final Path out, err;

    private WebServerRun(Process process, Path out, Path err, Matcher m) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.url = m.group();
        this.port = Integer.parseInt(m.group(1));
        this.token = m.group(2);
    }

    static WebServerRun start(String... labArgs) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nst-web-out", ".txt"), err = Files.createTempFile("nst-web-err", ".txt");
        String[] args = new String[labArgs.length + 3];
        args[0] = "web";
        System.arraycopy(labArgs, 0, args, 1, labArgs.length);
        args[labArgs.length + 1] = "--port";
        args[labArgs.length + 2] = "0";
        Process p = Nslab.start(Map.of(), out, err, args);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(Files.readString(out));
            if (m.find()) return new WebServerRun(p, out, err, m);
            if (!p.isAlive()) break;
            Thread.sleep(100);
        }
        p.destroyForcibly().waitFor();
        throw new AssertionError("nslab web printed no URL: " + Files.readString(out) + Files.readString(err));
    }

    /** The server's own process (the child of nslab web) and whatever it started: the shells' nslab-init exec. */
    List<ProcessHandle> server() {
        return process.children().toList();
    }

    List<ProcessHandle> shells() {
        return server().stream().flatMap(ProcessHandle::children).toList();
    }

    String output() throws IOException { return Files.readString(out) + Files.readString(err); }

    @Override
    public void close() throws IOException, InterruptedException {
        List<ProcessHandle> server = server();
        process.destroy(); // SIGTERM, as Ctrl-C would be
        process.waitFor();
        for (ProcessHandle h : server) h.onExit().join();
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}
