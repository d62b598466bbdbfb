package io.nslab.labs.reliability;

import io.nslab.labs.Nslab;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.labs.LabTraces;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;


/**
 * A sample of hostile lab files through the command line, as a user meets them: every
 * command that reads a file answers exit 2 with one clean line per error on stderr, never
 * a stack trace, an internal error, or a hang. (The exhaustive fuzzing is topology's
 * LabFuzzTest; this checks the last mile, from the exception to the terminal.)
 */
class HostileInputCliTest {
    static final Path BRIDGE = Path.of(System.getProperty("nslab.root", ".."), "labs", "bridge.json");

    @Test
    void everyHostileFileIsExit2WithCleanLines(@TempDir Path dir) throws IOException {
        for (Path f : hostileFiles(dir)) {
            for (List<String> cmd : List.of(List.of("validate"), List.of("explain"), List.of("graph"))) {
                List<String> args = new ArrayList<>(cmd);
                args.add(f.toString());
                Nslab.Run r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Nslab.run(args.toArray(String[]::new)), args::toString);
                String what = cmd.get(0) + " " + f.getFileName();
                assertEquals(2, r.code(), what + ": " + r.err());
                assertEquals("", r.out(), what);
                assertClean(what, r.err());
            }
        }
        // And --json: the errors as data, nothing on stderr.
        Nslab.Run r = Nslab.run("validate", "--json", dir.resolve("nul-name.json").toString());
        assertEquals(2, r.code());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("{\"errors\":[{\"path\":\"name\",\"message\":\"\\\"bri\\\\0dge\\\" is not a lab name"), r.out());
    }

    /**
     * "Nothing half-built from bad input", for {@code up} itself: every hostile file is exit 2
     * and leaves nothing: no state directory (under a state root of the test's own, so any
     * entry at all counts), no namespace, mount or NAT table named like any lab the files name.
     */
    @Test
    @KernelTest
    void upOfEveryHostileFileBuildsNothing(@TempDir Path dir, @TempDir Path root) throws IOException {
        System.setProperty("nslab.state", root.toString());
        try {
            for (Path f : hostileFiles(dir)) {
                String what = "up " + f.getFileName();
                Nslab.Run r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Nslab.run("up", f.toString()), what);
                assertEquals(2, r.code(), what + ": " + r);
                assertEquals("", r.out(), what);
                assertClean(what, r.err());
                try (var entries = Files.list(root)) {
                    assertEquals(List.of(), entries.toList(), what + ": state left under the root");
                }
            }
        } finally {
            System.clearProperty("nslab.state");
        }
        // The files name these labs (or would, were they valid): nothing of any of them exists.
        for (String lab : List.of("bridge", "again", "my lab", "brìdge")) {
            assertEquals(List.of(), LabTraces.netns(lab), "namespaces of " + lab);
            assertEquals(List.of(), LabTraces.mounts(lab).stream().filter(m -> m.contains(root.toString())).toList(), "mounts under the test's root");
        }
        assertFalse(Witness.run("nft", "list", "tables").contains("nslab-bridge"), "a NAT table");
    }

    private static List<Path> hostileFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        byte[] bridge = Files.readAllBytes(BRIDGE);
        for (int n = 0; n < bridge.length - 2; n += 37) files.add(Files.write(dir.resolve("cut" + n + ".json"), java.util.Arrays.copyOf(bridge, n)));
        String good = Files.readString(BRIDGE);
        files.add(write(dir, "deep.json", "[".repeat(10_000) + "]".repeat(10_000)));
        files.add(write(dir, "deep-run.json", good.replace("\"services\":   [ { \"type\": \"http\", \"port\": 80 } ],", "\"run\": " + "[".repeat(10_000) + ",")));
        files.add(write(dir, "huge-name.json", good.replace("\"web\": {", "\"" + "w".repeat(10 * 1024 * 1024) + "\": {")));
        files.add(write(dir, "nul-name.json", good.replace("\"name\": \"bridge\"", "\"name\": \"bri\\u0000dge\"")));
        files.add(write(dir, "newline-node.json", good.replace("\"client\": {", "\"cli\\nent\": {")));
        files.add(write(dir, "escape-node.json", good.replace("\"client\": {", "\"\\u001b[2J\\u001b[31mclient\": {")));
        files.add(write(dir, "slash-bridge.json", good.replace("nslab0", "../../etc")));
        files.add(write(dir, "dotdot-if.json", good.replace("\"eth0\"", "\"..\"")));
        files.add(write(dir, "space-lab.json", good.replace("\"name\": \"bridge\"", "\"name\": \"my lab\"")));
        files.add(write(dir, "unicode-lab.json", good.replace("\"name\": \"bridge\"", "\"name\": \"brìdge\"")));
        files.add(write(dir, "dup-key.json", good.replace("\"name\": \"bridge\",", "\"name\": \"bridge\", \"name\": \"again\",")));
        files.add(write(dir, "huge-number.json", good.replace("\"port\": 80 }", "\"port\": 1" + "0".repeat(400) + " }")));
        files.add(write(dir, "wrong-types.json", good.replace("\"masquerade\": true", "\"masquerade\": \"yes\"").replace("[ \"8080:80/tcp\" ]", "8080")));
        files.add(write(dir, "null.json", "null"));
        files.add(write(dir, "empty.json", ""));
        files.add(Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0, 1}));
        files.add(dir);
        files.add(dir.resolve("absent.json"));
        files.add(Path.of("/dev/zero"));
        return files;
    }

    @Test
    void aFileNameThatIsNoPathIsBadInputToo() {
        Nslab.Run r = Nslab.run("validate", "bad\0name.json");
        assertEquals(2, r.code(), r.err());
        assertClean("validate NUL", r.err());
    }

    static void assertClean(String what, String err) {
        assertFalse(err.isBlank(), what + ": says nothing");
        assertFalse(err.contains("Exception"), what + ": " + err);
        assertFalse(err.contains("at io.") || err.contains("\tat "), what + ": a stack trace: " + err);
        assertFalse(err.contains("internal error"), what + ": " + err);
        for (String line : err.split("\n")) {
            assertTrue(line.length() < 1000, what + ": a line of " + line.length() + " characters");
            assertTrue(line.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f), what + ": a control character in " + line);
        }
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }
}
