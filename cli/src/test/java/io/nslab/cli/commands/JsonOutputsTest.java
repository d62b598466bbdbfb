package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.launch.Version;
import io.nslab.topology.graph.LabGraph;
import io.nslab.topology.plan.PlanCompiler;

/**
 * The --json of the commands that had none (explain, graph, --version; down is run in the
 * labs module, as it needs a lab): one compact object on one line, snake_case keys (docs/json.md).
 */
class JsonOutputsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BRIDGE = CommandRun.LABS.resolve("bridge.json").toString();

    /** The output is one line holding one JSON object; that object. */
    static JsonNode oneObject(CommandRun r) throws Exception {
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().endsWith("\n") && r.out().indexOf('\n') == r.out().length() - 1, "one line: " + r.out());
        JsonNode o = JSON.readTree(r.out());
        assertTrue(o.isObject(), r.out());
        return o;
    }

    /**
     * One style for every --json: the schemas of docs/json (JsonSchemasTest holds each command's
     * output to its own, which allows no other key) name every key in snake_case, and a key of
     * a duration says its unit (elapsed_ms, rtt_us): none is a bare time, seconds or millis.
     */
    @Test
    void everySchemaNamesItsKeysInSnakeCaseAndItsDurationsWithTheirUnit() throws Exception {
        java.nio.file.Path dir = CommandRun.LABS.resolveSibling("docs").resolve("json");
        List<String> keys = new ArrayList<>();
        try (var files = java.nio.file.Files.list(dir)) {
            for (var f : files.filter(f -> f.toString().endsWith(".schema.json")).toList()) {
                JSON.readTree(f.toFile()).findValues("properties").forEach(p -> p.fieldNames().forEachRemaining(k -> keys.add(f.getFileName() + ": " + k)));
            }
        }
        assertTrue(keys.size() > 50, keys.toString());
        for (String k : keys) {
            String key = k.substring(k.indexOf(": ") + 2);
            assertTrue(key.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"), "not snake_case: " + k);
            assertTrue(!key.matches(".*(seconds|millis|_sec|_s|duration|elapsed|uptime|rtt|delay|jitter|interval)"), "a duration without its unit (_ms, _us, _ns): " + k);
        }
    }

    @Test
    void versionAsJsonNamesTheCommit() throws Exception {
        JsonNode v = oneObject(nslab("--version", "--json"));
        assertEquals(List.of("version", "commit", "java", "os"), names(v));
        assertEquals(Version.commit(), v.get("commit").asText());
        assertEquals(Version.version(), v.get("version").asText());
        assertEquals(System.getProperty("java.version"), v.get("java").asText());
    }

    @Test
    void graphAsJsonHasTheNodesAndEdgesOfThePicture() throws Exception {
        JsonNode g = oneObject(nslab("graph", "--json", BRIDGE));
        LabGraph graph = LabGraph.of(LabFiles.load(java.nio.file.Path.of(BRIDGE)));
        assertEquals("bridge", g.get("lab").asText());
        assertEquals(graph.graph().vertexSet().size(), g.get("nodes").size());
        assertEquals(graph.graph().edgeSet().size(), g.get("edges").size());
        assertEquals(List.of("id", "kind", "title", "lines"), names(g.get("nodes").get(0)));
        assertEquals(List.of("from", "to", "kind", "label"), names(g.get("edges").get(0)));
        List<String> kinds = new ArrayList<>();
        g.get("nodes").forEach(n -> kinds.add(n.get("kind").asText()));
        assertEquals(List.of("host", "bridge", "node", "node", "node"), kinds);
        // every edge joins two of the nodes listed
        List<String> ids = new ArrayList<>();
        g.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
        g.get("edges").forEach(e -> assertTrue(ids.contains(e.get("from").asText()) && ids.contains(e.get("to").asText()), e.toString()));
        assertEquals(new CommandRun(2, "", "nslab graph: give --json or --format, not both\n"), nslab("graph", "--json", "-f", "dot", BRIDGE));
    }

    @Test
    void explainAsJsonIsThePlanAndTheScript() throws Exception {
        JsonNode x = oneObject(nslab("explain", "--json", "--on-host", BRIDGE));
        assertEquals(List.of("lab", "on_host", "plan", "script"), names(x));
        assertEquals("bridge", x.get("lab").asText());
        assertTrue(x.get("on_host").asBoolean());
        assertEquals(JSON.readTree(PlanCompiler.compile(LabFiles.load(java.nio.file.Path.of(BRIDGE)), true).toJson()), x.get("plan"));
        assertEquals(nslab("explain", "--on-host", BRIDGE).out(), x.get("script").asText());
    }

    private static List<String> names(JsonNode o) {
        List<String> n = new ArrayList<>();
        o.fieldNames().forEachRemaining(n::add);
        return n;
    }
}
