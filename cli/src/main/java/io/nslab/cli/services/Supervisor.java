package io.nslab.cli.services;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.nslab.core.ProcessStamp;
import io.nslab.core.Processes;

/**
 * Starts and stops a lab's supervisor: one small detached JVM ({@link SupervisorMain}) that
 * serves every built-in service of the lab, so services stay up after {@code nslab up}
 * returns, without a JVM per node.
 */
public final class Supervisor {
    /**
     * A small JVM: tiny heap, serial GC, C1 only with one compiler thread, small stacks, one
     * event loop, unpooled buffers (the services carry a few bytes per request), and no
     * hsperfdata file in /tmp for a process that lives for hours. Measured with 10 nodes x 2
     * services: about 60 MB RSS, of which 20 MB are file pages shared with other JVMs.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms8m", "-Xmx32m", "-XX:+UseSerialGC", "-Xss256k", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "-XX:MaxDirectMemorySize=16m", "-XX:-UsePerfData",
            "-Dio.netty.allocator.type=unpooled", "-Dio.netty.leakDetection.level=disabled");

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private Supervisor() {}

    /**
     * Starts a supervisor for the services in {@code specFile} and returns once every one of
     * them listens. Its output goes to {@code logFile} (appended). Throws a
     * {@link SupervisorException} with the supervisor's own reason if it fails.
     */
    public static ProcessStamp start(Path specFile, Path logFile) {
        return start(specFile, logFile, spawned -> { });
    }

    /**
     * As {@link #start(Path, Path)}, and calls {@code spawned} with the new process as soon as
     * it exists, before waiting for it to be ready: so {@code up} can record its PID (journal,
     * {@code supervisor.pid}) first, and a crash while it starts still leaves it findable.
     */
    public static ProcessStamp start(Path specFile, Path logFile, Consumer<ProcessStamp> spawned) {
        return start(specFile, logFile, Map.of(), spawned);
    }

    /**
     * As {@link #start(Path, Path, Consumer)}, with extra environment: the lab's mark
     * ({@link io.nslab.cli.state.LabMark#ENV}), by which down finds the supervisor of a lab
     * whose state is gone.
     */
    public static ProcessStamp start(Path specFile, Path logFile, Map<String, String> env, Consumer<ProcessStamp> spawned) {
        ProcessBuilder builder = new ProcessBuilder(command(specFile, logFile))
                .directory(new File("/")) // never keep the caller's directory busy
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // few threads: no need for glibc's many arenas
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SupervisorException("cannot start the services supervisor: " + e.getMessage(), e);
        }
        int pid = (int) process.pid();
        // Start time -1 when it has already exited: a stamp no process matches, so it is not alive.
        ProcessStamp supervisor = ProcessStamp.of(pid).orElseGet(() -> new ProcessStamp(pid, -1));
        try {
            spawned.accept(supervisor);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        String line = readyLine(process);
        if (line != null && line.startsWith(SupervisorMain.READY)) {
            try {
                process.getInputStream().close();
            } catch (IOException ignored) {
                // only our end of the pipe; the supervisor does not write there any more
            }
            return supervisor;
        }
        process.destroyForcibly();
        if (line != null && line.startsWith(SupervisorMain.ERROR)) {
            throw new SupervisorException(line.substring(SupervisorMain.ERROR.length()));
        }
        String tail = lastLine(logFile);
        throw new SupervisorException(line == null
                ? "the services supervisor exited before it was ready" + (tail == null ? "" : ": " + tail)
                  + " (log: " + logFile + ")"
                : "the services supervisor did not report ready within " + READY_TIMEOUT.toSeconds() + " s (log: " + logFile + ")");
    }

    /** Whether the supervisor is still running. */
    public static boolean alive(ProcessStamp supervisor) {
        return supervisor.alive();
    }

    /**
     * Stops the supervisor: SIGTERM, then SIGKILL if it has not exited within the grace
     * period. Does nothing if it is already gone (or its PID now names another process).
     */
    public static void stop(ProcessStamp supervisor) {
        if (!supervisor.alive()) return;
        ProcessHandle handle = ProcessHandle.of(supervisor.pid()).orElse(null);
        if (handle == null) return;
        handle.destroy();
        if (Processes.awaitGone(List.of(supervisor), STOP_GRACE)) return;
        if (supervisor.alive()) handle.destroyForcibly();
        if (!Processes.awaitGone(List.of(supervisor), Duration.ofSeconds(5))) {
            throw new SupervisorException("the services supervisor (PID " + supervisor.pid() + ") does not stop");
        }
    }

    static List<String> command(Path specFile, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classPath());
        command.add(SupervisorMain.class.getName());
        command.add(specFile.toAbsolutePath().toString());
        command.add(logFile.toAbsolutePath().toString());
        return command;
    }

    /** This JVM's class path with every entry made absolute (the supervisor runs in /). */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String readyLine(Process process) {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                line.complete(in.readLine());
            } catch (IOException e) {
                line.complete(null);
            }
        }, "nslab-supervisor-ready");
        reader.setDaemon(true);
        reader.start();
        try {
            return line.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static String lastLine(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
        } catch (IOException ignored) {
            // no log to quote
        }
        return null;
    }
}
