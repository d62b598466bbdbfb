package io.nslab.labs.reliability;

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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.Main;
import picocli.CommandLine;

/**
 * nslab for the reliability tests: the real launcher ({@code ./nslab}, a child process, as a
 * user's shell runs it) or in this JVM (fast), with lab files renamed to names no user's lab has.
 */
final class Nslab {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Path REPO = Path.of(System.getProperty("nslab.root", "..")).toAbsolutePath().normalize();
    static final Path LAUNCHER = REPO.resolve("nslab");

    record Run(int code, String out, String err) {
        @Override
        public String toString() { return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    private Nslab() {}

    /** nslab ARGS in this JVM. */
    static Run inProcess(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code ./nslab ARGS} with extra environment, bounded in time (killed, by PID, when over). */
    static Run launcher(Map<String, String> env, long seconds, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nst-out", ".txt"), err = Files.createTempFile("nst-err", ".txt");
        try {
            Process p = start(env, out, err, args);
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

    static Process start(Map<String, String> env, Path out, Path err, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().remove("NSLAB_DEBUG");
        return pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** {@code nst-} and 5 random characters: a lab name that clashes with no user's lab. */
    static String uniqueName() {
        StringBuilder name = new StringBuilder("nst-");
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 5; i++) name.append(chars.charAt(RANDOM.nextInt(chars.length())));
        return name.toString();
    }

    /** labs/src/test/resources/reliability/NAME copied into {@code dir} as lab {@code lab}. */
    static Path labFile(String resource, String lab, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(Path.of("src/test/resources/reliability", resource).toFile());
        tree.put("name", lab);
        Path file = dir.resolve(lab + ".json");
        Files.writeString(file, json.writeValueAsString(tree));
        return file;
    }
}
