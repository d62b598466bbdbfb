package io.nslab.labs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.Main;
import picocli.CommandLine;

/**
 * Runs nslab for the lab tests: in this JVM (fast), as a JVM of its own, or through the real
 * launcher ({@code ./nslab}, as a user's shell runs it); and makes lab files with names no
 * user's lab has.
 */
public final class Nslab {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Run(int code, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Not an environment variable: the key under which a test gives {@link #process},
     * {@link #start} or {@link #launcher} a fault spec ({@link io.nslab.labs.faults.Faults}),
     * which the JVM they start gets through the test-only Java agent. nslab reads no such variable.
     */
    public static final String FAULTS = "faults (test agent)";

    private Nslab() {}

    /** nslab ARGS in this JVM, its output captured. */
    public static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** nslab ARGS as a JVM of its own (what a user's shell runs), with extra environment. */
    public static Run process(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return processIn(null, env, args);
    }

    /** As {@link #process}, with the whole JVM inside network namespace {@code netns} (null: this one), via nsenter. */
    public static Run processIn(String netns, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nst-out", ".txt"), err = Files.createTempFile("nst-err", ".txt");
        try {
            int code = start(netns, env, out, err, args).waitFor();
            return new Run(code, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts nslab ARGS as a JVM of its own, its output going to files. */
    public static Process start(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        return start(null, env, out, err, args);
    }

    public static Process start(String netns, Map<String, String> env, Path out, Path err, String... args) throws IOException {
        ProcessBuilder pb = builder(netns, env, args);
        return pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** nslab ARGS as a JVM of its own, not started yet (for a pipeline). */
    public static ProcessBuilder builder(String netns, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(asForegroundJob());
        // nsenter, not ip netns exec: nslab must share this mount namespace, or its /run/netns mounts vanish with it.
        if (netns != null) cmd.addAll(List.of("nsenter", "--net=/run/netns/" + netns));
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dnslab.init=" + System.getProperty("nslab.init"));
        cmd.add("-Dnslab.root=" + System.getProperty("nslab.root"));
        // A test's own state root (never the machine's /run/nslab for what a test sweeps).
        if (System.getProperty("nslab.state") != null) cmd.add("-Dnslab.state=" + System.getProperty("nslab.state"));
        cmd.add("-XX:TieredStopAtLevel=1");
        if (env.containsKey(FAULTS)) cmd.add(agent(env.get(FAULTS)));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(withoutFaults(env));
        return pb;
    }

    /** The repository (labs/, the launcher). */
    public static Path repo() {
        return Path.of(System.getProperty("nslab.root", "..")).toAbsolutePath().normalize();
    }

    /** A lab name for a test: {@code nst-} and 5 random characters, so it clashes with no user's lab. */
    public static String uniqueName() {
        StringBuilder name = new StringBuilder("nst-");
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 5; i++) name.append(chars.charAt(RANDOM.nextInt(chars.length())));
        return name.toString();
    }

    /** A copy of a lab file in {@code dir}, renamed to {@code name}. */
    public static Path copyAs(Path labFile, String name, Path dir) throws IOException {
        ObjectNode lab = (ObjectNode) JSON.readTree(labFile.toFile());
        lab.put("name", name);
        Path copy = dir.resolve(name + ".json");
        Files.writeString(copy, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(lab));
        return copy;
    }

    /** A test resource lab file (labs/src/test/resources/labs/NAME). */
    public static Path resource(String name) {
        return Path.of("src/test/resources/labs", name).toAbsolutePath();
    }

    /** {@code ./nslab ARGS} with extra environment, bounded in time (killed, by PID, when over). */
    public static Run launcher(Map<String, String> env, long seconds, String... args) throws IOException, InterruptedException {
        return launcherIn(null, env, seconds, args);
    }

    /** As {@link #launcher}, inside network namespace {@code netns} (null: this one), via nsenter. */
    public static Run launcherIn(String netns, Map<String, String> env, long seconds, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nst-out", ".txt"), err = Files.createTempFile("nst-err", ".txt");
        try {
            Process p = startLauncher(netns, env, out, err, args);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("./nslab " + String.join(" ", args) + " hung over " + seconds + " s: " + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts {@code ./nslab ARGS}, its output going to files. */
    public static Process startLauncher(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        return startLauncher(null, env, out, err, args);
    }

    public static Process startLauncher(String netns, Map<String, String> env, Path out, Path err, String... args) throws IOException {
        launcherBuilt();
        List<String> cmd = new ArrayList<>(asForegroundJob());
        if (netns != null) cmd.addAll(List.of("nsenter", "--net=/run/netns/" + netns));
        cmd.add(repo().resolve("nslab").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(withoutFaults(env));
        pb.environment().remove("NSLAB_DEBUG");
        if (env.containsKey(FAULTS)) pb.environment().put("NSLAB_JAVA_OPTS", agent(env.get(FAULTS)));
        return pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static boolean built;

    /**
     * The first ./nslab builds the project when a source is newer than its jar (about a minute):
     * done once per test JVM, before any timed use of the launcher.
     */
    private static synchronized void launcherBuilt() throws IOException {
        if (built) return;
        Process p = new ProcessBuilder(repo().resolve("nslab").toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("./nslab --version (building nslab) took over 600 s");
            }
            if (p.exitValue() != 0) throw new IOException("./nslab --version failed (" + p.exitValue() + "): see target/build.log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        built = true;
    }

    /**
     * The prefix that starts nslab as a shell starts a foreground job: with SIGINT at its default.
     * A process inherits an ignored signal across fork and exec, and a JVM started with SIGINT
     * ignored keeps ignoring it (as it must: that is how {@code cmd &} and nohup protect a job
     * from the terminal's Ctrl-C). When the suite itself is started that way (a background job
     * of a non-interactive shell), every nslab it starts would ignore the Ctrl-C a test sends.
     */
    public static List<String> asForegroundJob() {
        return List.of("env", "--default-signal=INT");
    }

    private static String agent(String spec) {
        return "-javaagent:" + io.nslab.labs.faults.FaultsAgent.jar() + "=" + spec;
    }

    private static Map<String, String> withoutFaults(Map<String, String> env) {
        Map<String, String> rest = new java.util.HashMap<>(env);
        rest.remove(FAULTS);
        return rest;
    }

    /** labs/src/test/resources/reliability/NAME copied into {@code dir} as lab {@code lab}. */
    public static Path labFile(String resource, String lab, Path dir) throws IOException {
        return copyAs(Path.of("src/test/resources/reliability", resource).toAbsolutePath(), lab, dir);
    }
}
