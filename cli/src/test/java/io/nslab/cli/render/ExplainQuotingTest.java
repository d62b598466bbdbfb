package io.nslab.cli.render;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.topology.LabParser;
import io.nslab.topology.plan.PlanCompiler;

/**
 * Strings from a lab file reach the script explain prints (run, env, hostname, the file's
 * name): hostile ones must stay data. Checked by a real shell, not by reading the quoting code.
 */
class ExplainQuotingTest {
    /** Valid in a lab file, and each one a way out of naive quoting. */
    static final List<String> HOSTILE = List.of("a b", "'", "''", "'\\''", "\"", "\\", "\\'", "$HOME", "${HOME}", "$(id)", "`id`",
            "*", "?", "[a]", "~", "~root", "!!", "a;b", "a|b", "a&b", "a>b", "<", "#x", "-n", "--", "", " ", "\t",
            "line1\nline2", "\r", "é ω 😀", "\u202e", "%s%n", "'$(id)'", "\"$(id)\"");

    @Test
    void everyHostileStringIsOneWordThatShellsReadBackExactly() throws Exception {
        for (String shell : shells()) {
            for (String s : HOSTILE) {
                assertEquals(s, run(List.of(shell, "-c", "printf '%s' " + Sh.q(s)), null), shell + " read back " + Sh.q(s));
            }
            // words(): as many words as strings, each intact.
            String got = run(List.of(shell, "-c", "for w in " + Sh.words(HOSTILE) + "; do printf '[%s]' \"$w\"; done"), null);
            StringBuilder want = new StringBuilder();
            for (String s : HOSTILE) want.append('[').append(s).append(']');
            assertEquals(want.toString(), got, shell);
        }
    }

    @Test
    void theExplainScriptRunsNoneOfTheLabsStrings(@TempDir Path dir) throws Exception {
        Path mark = dir.resolve("marks");
        Files.createDirectory(mark);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 8; i++) payloads.add(mark.resolve("m" + i).toString());
        ObjectMapper json = new ObjectMapper();
        ObjectNode lab = json.createObjectNode().put("name", "q");
        ObjectNode nodes = lab.putObject("nodes");
        ObjectNode a = nodes.putObject("a").put("hostname", "a-1");
        ArrayNode run = a.putArray("run").add("/bin/echo")
                .add("$(printf x > " + payloads.get(0) + ")")
                .add("`printf x > " + payloads.get(1) + "`")
                .add("'; printf x > " + payloads.get(2) + "; '")
                .add("x\nprintf x > " + payloads.get(3) + " #");
        for (String s : HOSTILE) run.add(s);
        a.putObject("env").put("K1", "$(printf x > " + payloads.get(4) + ")").put("K2", "'; printf x > " + payloads.get(5) + " #")
                .put("K3", "\\'\"`$");
        nodes.putObject("b").put("run", "true\nprintf x > " + payloads.get(6) + " # a newline in run must not leave its comment");
        // The file's own name is in the header comment too.
        // (relative: a file name holds no slash; the script runs in dir)
        Path file = dir.resolve("lab\nprintf x > m7 #.json");
        Files.writeString(file, json.writeValueAsString(lab));

        String script = ExplainScript.render(PlanCompiler.compile(LabParser.parse(file), false), file.toString());
        Path state = dir.resolve("state");
        assertEquals("", execute(script, dir, state), "the script ran to its end");
        try (var marks = Files.list(mark)) {
            assertEquals(List.of(), marks.toList(), "no payload ran");
        }
        assertFalse(Files.exists(dir.resolve("m7")), "the file name's payload did not run");
        assertEquals("a-1\n", Files.readString(state.resolve("a/hostname")));

        // The harness itself: a payload outside quotes does run (so the test above can fail).
        execute(script + "printf x > " + payloads.get(0) + "\n", dir, state);
        assertTrue(Files.exists(Path.of(payloads.get(0))), "the harness runs shell builtins");
    }

    /**
     * Runs the script in bash with every external command a no-op (command_not_found_handle)
     * except mkdir and cat, which write only under $STATE and $CGROUP: ip, nft, unshare never run, while
     * the shell's own expansions, redirections and builtins (printf, echo) do. Returns stderr.
     */
    private static String execute(String script, Path dir, Path state) throws Exception {
        Path bin = dir.resolve("bin");
        if (!Files.exists(bin)) {
            Files.createDirectory(bin);
            for (String tool : List.of("mkdir", "cat")) Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        Path file = dir.resolve("explain.sh");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c",
                "command_not_found_handle() { return 0; }; PATH=" + bin + "; . " + file);
        pb.environment().put("STATE", state.toString());
        pb.environment().put("CGROUP", dir.resolve("cgroup").toString()); // the script's mkdir and echo of cgroups land here
        pb.directory(dir.toFile());
        return run(pb.command(), pb);
    }

    private static Path which(String tool) {
        for (String d : List.of("/usr/bin", "/bin")) if (Files.isExecutable(Path.of(d, tool))) return Path.of(d, tool);
        throw new IllegalStateException("no " + tool);
    }

    private static List<String> shells() {
        List<String> out = new ArrayList<>(List.of("sh"));
        if (Files.isExecutable(Path.of("/bin/bash"))) out.add("bash");
        if (Files.isExecutable(Path.of("/bin/dash"))) out.add("dash");
        return out;
    }

    /** Runs a command for at most 20 s; returns stdout (or, for a script, stderr), failing on a non-zero exit. */
    private static String run(List<String> cmd, ProcessBuilder given) throws IOException, InterruptedException {
        ProcessBuilder pb = given == null ? new ProcessBuilder(cmd) : given;
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "timed out: " + cmd);
        String e = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + ": " + e);
        return given == null ? new String(out, StandardCharsets.UTF_8) : e;
    }
}
