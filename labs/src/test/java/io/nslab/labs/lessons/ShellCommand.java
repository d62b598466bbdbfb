package io.nslab.labs.lessons;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command line of a lesson, run by bash as a student's terminal would (stdout and stderr
 * in one stream, in the order written; stdin empty), its output collected as it comes.
 */
final class ShellCommand {
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private ShellCommand(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "lesson-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ShellCommand start(String command, Path dir, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("NSLAB_DEBUG");
        pb.environment().putAll(env);
        return new ShellCommand(pb.start());
    }

    private void read() {
        try (InputStream in = process.getInputStream()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (output) {
                    output.write(buf, 0, n);
                    output.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Waits until the command has printed a whole line, or ended (a background command is then under way). */
    void awaitFirstLine(long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (output) {
            while (!output.toString(StandardCharsets.UTF_8).contains("\n") && process.isAlive() && System.nanoTime() < end) {
                output.wait(100);
            }
        }
    }

    /** Waits for the end; over {@code seconds}, kills it and what it started (by PID) and says so. */
    Result finish(long seconds) throws InterruptedException {
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        reader.join(5_000);
        synchronized (output) {
            return new Result(ended ? process.exitValue() : -1, output.toString(StandardCharsets.UTF_8), !ended);
        }
    }

    record Result(int code, String output, boolean timedOut) {}
}
