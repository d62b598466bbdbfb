package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.nslab.cli.Main;
import io.nslab.netlink.testing.KernelTest;

/**
 * Every command's {@code --json} against its JSON Schema (docs/json/COMMAND.schema.json), as
 * the commands print it for a real lab: one schema per command that has --json, and none for a
 * command that has not; each line a command prints is one JSON value its schema accepts (the
 * schemas allow no key they do not name, so a key added or renamed in the code fails here until
 * the schema, and docs/json.md, say so).
 */
@KernelTest
class JsonSchemasTest {
    private static final Path SCHEMAS = Nslab.repo().resolve("docs/json");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private static JsonSchema schema(String command) throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(SCHEMAS.resolve(command + ".schema.json").toFile()));
    }

    /** Each line of {@code run}'s output, valid against {@code command}'s schema; the lines. */
    private static List<JsonNode> assertValid(String command, Nslab.Run run) throws IOException {
        // 1: a check or a ping failed, still reported in full; 2: validate's bad file
        assertTrue(run.code() == 0 || run.code() == 1 || run.code() == 2 && command.equals("validate"), command + ": " + run);
        JsonSchema schema = schema(command);
        List<String> lines = run.out().lines().toList();
        assertTrue(!lines.isEmpty(), command + " printed nothing: " + run);
        List<JsonNode> values = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode value = JSON.readTree(line);
            Set<ValidationMessage> errors = schema.validate(value);
            assertTrue(errors.isEmpty(), command + " --json does not match docs/json/" + command + ".schema.json: " + errors + "\n" + line);
            values.add(value);
        }
        return values;
    }

    @Test
    void everyCommandWithJsonHasASchemaAndEverySchemaACommand() throws IOException {
        Set<String> commands = new TreeSet<>(Set.of("version"));
        Main.commandLine().getSubcommands().forEach((name, cl) -> {
            if (cl.getCommandSpec().findOption("--json") != null) commands.add(name);
        });
        Set<String> schemas = new TreeSet<>();
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            files.map(f -> f.getFileName().toString()).forEach(f -> schemas.add(f.replace(".schema.json", "")));
        }
        assertEquals(commands, schemas);
    }

    @Test
    void whatEveryCommandPrintsMatchesItsSchema() throws Exception {
        Path bridge = Nslab.repo().resolve("labs/bridge.json");
        assertValid("version", Nslab.run("--version", "--json"));
        assertValid("explain", Nslab.run("explain", "--json", bridge.toString()));
        assertValid("graph", Nslab.run("graph", "--json", bridge.toString()));
        assertValid("validate", Nslab.run("validate", "--json", bridge.toString()));
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"name\": \"Bad\", \"nodes\": {\"a\": {\"image\": 1}}}");
        assertEquals(2, assertValid("validate", Nslab.run("validate", "--json", bad.toString())).get(0).get("errors").size());
        assertValid("doctor", Nslab.run("doctor", "--json"));

        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(bridge, lab, tmp);
        try {
            JsonNode up = assertValid("up", Nslab.run("up", "--json", "--wait", file.toString())).get(0);
            assertTrue(up.get("wait").get("passed").asBoolean(), up.toString());
            JsonNode ls = assertValid("ls", Nslab.run("ls", "--json")).get(0);
            assertTrue(ls.toString().contains("\"lab\":\"" + lab + "\""), ls.toString());
            assertValid("status", Nslab.run("status", "--json", lab));
            assertValid("inspect", Nslab.run("inspect", "--json", "-l", lab, "web"));
            assertValid("check", Nslab.run("check", "--json", lab));
            assertValid("pingall", Nslab.run("pingall", "--json", lab));
            assertValid("pingall", Nslab.run("pingall", "--json", "--sample", "2", "--seed", "1", lab));
            assertValid("top", Nslab.run("top", "--json", "-n", "1", lab));
            assertValid("link", Nslab.run("link", "--json", "-l", lab, "--delay", "5ms", "web:eth0"));
            assertValid("link", Nslab.run("link", "--json", "-l", lab, "web:eth0", "down"));
            assertValid("link", Nslab.run("link", "--json", "-l", lab, "web:eth0", "up"));
            assertValid("status", Nslab.run("status", "--json", lab)); // with an impairment in force
            // two packets, then the end line: pings until the capture (a process of its own) has them
            Path out = tmp.resolve("capture.out"), err = tmp.resolve("capture.err");
            Process capture = Nslab.start(Map.of(), out, err, "capture", "--json", "-l", lab, "-f", "icmp", "-c", "2", "--duration", "30s", "web:eth0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (capture.isAlive() && System.nanoTime() < deadline) Nslab.run("exec", "-l", lab, "client", "ping", "-c1", "-W1", "web");
            assertTrue(capture.waitFor(10, TimeUnit.SECONDS), "capture -c 2 ended");
            List<JsonNode> packets = assertValid("capture", new Nslab.Run(capture.exitValue(), Files.readString(out), Files.readString(err)));
            assertEquals("packet", packets.get(0).get("type").asText());
            assertEquals("end", packets.get(packets.size() - 1).get("type").asText());
            assertValid("down", Nslab.run("down", "--json", lab));
        } finally {
            Nslab.run("down", lab);
        }
        LabTraces.assertNone(lab, lab, List.of());

        String tested = Nslab.uniqueName();
        try {
            assertValid("test", Nslab.run("test", "--json", Nslab.copyAs(bridge, tested, tmp).toString()));
        } finally {
            Nslab.run("down", tested);
        }
        LabTraces.assertNone(tested, tested, List.of());
    }
}
