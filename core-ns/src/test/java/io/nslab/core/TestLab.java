package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.ThrowawayNetns;

/**
 * One test's nodes, network namespaces and files; close() removes them all, even after a
 * failure, and then checks that nothing is left (no init, no pin, no mount of ours).
 */
final class TestLab implements AutoCloseable {
    record Result(int code, String out, String err) {}

    /** This JVM's pid: its namespaces are the machine's (the machine's PID 1 may hide its own). */
    static final int SELF = (int) ProcessHandle.current().pid();

    final String name = "nst" + UUID.randomUUID().toString().substring(0, 6);
    final Path dir;
    private final List<ProcessStamp> nodes = new ArrayList<>();
    private final ThrowawayNetns netns = new ThrowawayNetns();

    TestLab() {
        try {
            dir = Files.createTempDirectory("nst-corens-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh network namespace, deleted by close(). */
    NetNs netns() {
        return netns.create();
    }

    /** A node with every namespace of its own, in a fresh network namespace, logging to the lab dir. */
    NodeSpec spec(String node) {
        return spec(node, netns().path());
    }

    NodeSpec spec(String node, String netnsPath) {
        return NodeSpec.basic(name, node, netnsPath).withLog(dir.resolve(node + ".log"));
    }

    ProcessStamp start(NodeSpec spec) {
        return track(Nodes.start(spec));
    }

    /** A node started some other way, stopped by close() like the others. */
    synchronized ProcessStamp track(ProcessStamp init) {
        nodes.add(init);
        return init;
    }

    Path write(String file, String content) {
        try {
            Files.createDirectories(dir.resolve(file).getParent());
            return Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs cmd in the node; stdin is {@code input} (with -i) or nothing. */
    static Result exec(ProcessStamp init, String input, String... cmd) {
        return run(InitBinary.execCommand(init, List.of(cmd), Map.of(), input != null, false), input);
    }

    static Result run(List<String> argv, String input) {
        try {
            Process p = new ProcessBuilder(argv).start();
            try (OutputStream in = p.getOutputStream()) {
                if (input != null) in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
            errReader.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("still running after 30 s: " + argv);
            }
            errReader.join();
            return new Result(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process went away
        }
    }

    /** What the machine's side sees in its mount table. */
    static String hostMountinfo() {
        try {
            return Files.readString(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Throwable first = null;
        for (ProcessStamp init : nodes) {
            try {
                Nodes.stop(init, Duration.ofSeconds(3));
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        List<NetNs> namespaces = netns.created();
        try {
            netns.close();
        } catch (RuntimeException e) {
            if (first == null) first = e;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            if (first == null) first = e;
        }
        if (first != null) throw new AssertionError("cleanup failed: " + first, first);
        for (ProcessStamp init : nodes) assertFalse(Nodes.alive(init), "init " + init + " still alive");
        String mounts = hostMountinfo();
        for (NetNs ns : namespaces) {
            assertFalse(NetNs.exists(ns.name()), ns.name() + " still exists");
            assertFalse(mounts.contains(ns.path() + " "), ns.path() + " still mounted");
        }
        assertFalse(mounts.contains(dir.toString()), dir + " still has mounts");
        assertEquals(0, nodes.stream().filter(Nodes::alive).count());
    }
}
