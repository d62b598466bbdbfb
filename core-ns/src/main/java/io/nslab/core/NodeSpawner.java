package io.nslab.core;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts many nodes through one {@code nslab-init spawn}: each node's init is a fork of that
 * small process, not a process the JVM launches (which costs a helper process, pipes and a
 * thread per node). Thread-safe; {@link #start} may be called from several threads at once.
 * {@link Nodes#start} does the same for one node.
 */
public final class NodeSpawner implements AutoCloseable {
    /** What one request may hold (nslab-init spawn's limit). */
    static final int MAX_FIELDS = 4096;

    private final Process spawner;
    private final OutputStream requests;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread reader;
    private volatile String gone; // why no more answers will come, once the spawner's output ended

    private record Pending(String who, Path log, CompletableFuture<ProcessStamp> result) {}

    private NodeSpawner(Process spawner) {
        this.spawner = spawner;
        this.requests = spawner.getOutputStream();
        this.reader = new Thread(this::readAnswers, "nslab-spawner-answers");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code nslab-init spawn}. */
    public static NodeSpawner open() {
        return open(Map.of());
    }

    /**
     * Starts {@code nslab-init spawn} with this environment of its own (a mark that finds it
     * again); the nodes it starts get only theirs, from each request.
     */
    public static NodeSpawner open(Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(InitBinary.path().toString(), "spawn");
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT); // only its own failures, which the user should see
        try {
            return new NodeSpawner(builder.start());
        } catch (IOException e) {
            throw new NodeException("cannot run nslab-init: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a node and returns its init once it reported ready (or throws a
     * {@link NodeException} with the init's own error text), as {@link Nodes#start} does.
     */
    public ProcessStamp start(NodeSpec spec) {
        String who = "node " + spec.node() + " of lab " + spec.lab();
        long id = ids.incrementAndGet();
        CompletableFuture<ProcessStamp> result = new CompletableFuture<>();
        try {
            byte[] request = request(id, spec);
            pending.put(id, new Pending(who, spec.logFile(), result));
            synchronized (requests) {
                if (gone != null) throw new IOException(gone);
                requests.write(request);
                requests.flush();
            }
            return result.get();
        } catch (IOException e) {
            pending.remove(id);
            throw new NodeException(who + ": talking to nslab-init: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof NodeException ne ? ne : new NodeException(who + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(who + ": interrupted while starting", e);
        }
    }

    /** "LENGTH\n" and the fields, each ending in NUL: ID LOG UID_MAP GID_MAP ENVCOUNT ENV... ARG... */
    private static byte[] request(long id, NodeSpec spec) throws IOException {
        if (spec.logFile() != null) Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        List<String> fields = new ArrayList<>();
        fields.add(Long.toString(id));
        fields.add(spec.logFile() == null ? "" : spec.logFile().toAbsolutePath().toString());
        fields.add(spec.user() == null ? "" : UserMap.procFormat(spec.user().uid()));
        fields.add(spec.user() == null ? "" : UserMap.procFormat(spec.user().gid()));
        Map<String, String> env = spec.environment();
        fields.add(Integer.toString(env.size()));
        env.forEach((name, value) -> fields.add(name + "=" + value));
        List<String> argv = InitBinary.initCommand(spec);
        fields.addAll(argv.subList(2, argv.size())); // without "nslab-init init"
        if (fields.size() > MAX_FIELDS) {
            throw new NodeException("node " + spec.node() + ": more than " + MAX_FIELDS + " words of environment and run together");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String f : fields) {
            if (f.indexOf('\0') >= 0) throw new IllegalArgumentException("a NUL in " + f);
            body.write(f.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 12);
        out.write((body.size() + "\n").getBytes(StandardCharsets.US_ASCII));
        body.writeTo(out);
        return out.toByteArray();
    }

    /** "ID ready PID STARTTIME", "ID error TEXT" or "ID ended", to the start waiting for ID. */
    private void readAnswers() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(spawner.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                int space = line.indexOf(' ');
                Pending p = space < 0 ? null : pending.remove(Long.parseLong(line.substring(0, space)));
                if (p == null) continue;
                String what = line.substring(space + 1);
                if (what.startsWith("ready ")) {
                    p.result().complete(ProcessStamp.parse(what.substring("ready ".length())));
                } else if (what.startsWith("error ")) {
                    p.result().completeExceptionally(new NodeException(p.who() + ": " + RunOutput.explain(what.substring("error ".length()), p.log())));
                } else if (what.equals("ended")) {
                    p.result().completeExceptionally(new NodeException(p.who() + ": nslab-init ended without reporting"));
                } else {
                    p.result().completeExceptionally(new NodeException(p.who() + ": nslab-init said something unexpected: " + what));
                }
            }
        } catch (IOException | RuntimeException e) {
            // answered below: every start still waiting fails
        }
        synchronized (requests) {
            gone = "nslab-init spawn ended";
        }
        for (Pending p : pending.values()) p.result().completeExceptionally(new NodeException(p.who() + ": nslab-init spawn ended"));
        pending.clear();
    }

    /** Ends the spawner once every start has answered (it exits at the end of its input). */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // it has ended already
        }
        try {
            spawner.waitFor();
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spawner.destroyForcibly();
        }
    }
}
