package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.nslab.topology.parse.LabSyntax;

/**
 * docs/lab.schema.json, the JSON Schema editors use for lab files, is kept in step with the
 * parser: it accepts every lab under labs/ (lessons, exercises, answers, the YAML twin and the
 * test labs), and each object it describes has exactly the keys the parser knows there.
 */
class LabSchemaTest {
    static final Path ROOT = Path.of(System.getProperty("nslab.root", ".."));
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode SCHEMA_TREE = read(ROOT.resolve("docs/lab.schema.json"));
    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SCHEMA_TREE);

    /** A lab with one object of every kind the parser reads. */
    static final String SAMPLE = ("{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24'}},"
            + "'host':{'interfaces':{'wan0':{'ip':'192.0.2.1/24'}}},"
            + "'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','impair':{'out':{'delay':'1ms'}}}},"
            + "'user':{'uid':'0:100000:65536','gid':'0:100000:65536'},'routes':[{'to':'default','via':'10.0.0.1'}],"
            + "'services':[{'type':'http','port':80}],'limits':{'pids':10},"
            + "'mounts':[{'type':'tmpfs','target':'/srv'}],'files':{'/etc/motd':{'content':'hi','mode':'0644'}},"
            + "'capabilities':{'add':['SYS_ADMIN'],'drop':['cap_mknod']}},"
            + "'b':{'interfaces':{'eth0':{'ip':'192.0.2.2/24'}}}},"
            + "'links':[{'endpoints':['host:wan0','b:eth0'],'impair':{'delay':'1ms'}}],"
            + "'checks':[{'from':'a','http':'http://b/','expect':{'status':200}},{'from':'a','exec':'true','expect':{'exit':0}}]}")
            .replace('\'', '"');

    /** Where in SAMPLE each kind of object is (a JSON pointer), and where the schema describes it. */
    static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("", ""),
            Map.entry("/bridges/br0", "/definitions/bridge"),
            Map.entry("/host", "/definitions/host"),
            Map.entry("/host/interfaces/wan0", "/definitions/hostInterface"),
            Map.entry("/nodes/a", "/definitions/node"),
            Map.entry("/nodes/a/interfaces/eth0", "/definitions/interface"),
            Map.entry("/nodes/a/interfaces/eth0/impair/out", "/definitions/impairment"),
            Map.entry("/nodes/a/user", "/definitions/user"),
            Map.entry("/nodes/a/routes/0", "/definitions/route"),
            Map.entry("/nodes/a/services/0", "/definitions/service"),
            Map.entry("/nodes/a/limits", "/definitions/limits"),
            Map.entry("/nodes/a/mounts/0", "/definitions/mount"),
            Map.entry("/nodes/a/files/~1etc~1motd", "/definitions/file"),
            Map.entry("/nodes/a/capabilities", "/definitions/capabilities"),
            Map.entry("/links/0", "/definitions/link"),
            Map.entry("/links/0/impair", "/definitions/impair"),
            Map.entry("/checks/0", "/definitions/check"),
            Map.entry("/checks/0/expect", "/definitions/httpExpect"),
            Map.entry("/checks/1/expect", "/definitions/execExpect"));

    private static JsonNode read(Path file) {
        try {
            return (LabSyntax.of(file) == LabSyntax.YAML ? new YAMLMapper() : JSON).readTree(file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Path> labs() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(ROOT.resolve("labs"), ROOT.resolve("labs/exercises"), ROOT.resolve("labs/answers"),
                ROOT.resolve("labs/src/test/resources/labs"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(f -> f.toString().matches(".*\\.(json|yaml|yml)$")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @Test
    void thereAreLabsToCheck() throws IOException {
        assertTrue(labs().count() >= 30, "lessons, exercises, answers and test labs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void everyLabTheParserAcceptsTheSchemaAccepts(Path file) {
        LabParser.parse(file);
        Set<ValidationMessage> errors = SCHEMA.validate(read(file));
        assertTrue(errors.isEmpty(), file + ": " + errors);
    }

    @Test
    void theSchemaRefusesWhatTheParserRefuses() throws IOException {
        ObjectNode lab = (ObjectNode) JSON.readTree(SAMPLE);
        assertTrue(SCHEMA.validate(lab).isEmpty(), () -> SCHEMA.validate(lab).toString());
        ((ObjectNode) lab.at("/nodes/a")).put("mtu", 1500);
        assertFalse(SCHEMA.validate(lab).isEmpty(), "an unknown key");
        ObjectNode twoProbes = (ObjectNode) JSON.readTree(SAMPLE);
        ((ObjectNode) twoProbes.at("/checks/0")).put("ping", "b");
        assertFalse(SCHEMA.validate(twoProbes).isEmpty(), "a check with two probes");
        ObjectNode badName = (ObjectNode) JSON.readTree(SAMPLE);
        badName.put("name", "Lab");
        assertFalse(SCHEMA.validate(badName).isEmpty(), "a lab name with a capital");
    }

    /** For each kind of object: an unknown key there makes the parser list the keys it knows; the schema has those. */
    @Test
    void everyObjectHasTheKeysTheParserKnows() throws IOException {
        LabParser.parse(SAMPLE, "sample.json");
        Pattern known = Pattern.compile("unknown key in .* \\(known: (.*)\\)$");
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            ObjectNode lab = (ObjectNode) JSON.readTree(SAMPLE);
            ((ObjectNode) lab.at(kind.getKey())).put("zz", 1);
            LabException e = org.junit.jupiter.api.Assertions.assertThrows(LabException.class,
                    () -> LabParser.parse(lab.toString(), "sample.json"));
            String message = e.errors().stream().filter(x -> x.path().endsWith("zz")).findFirst().orElseThrow().message();
            Matcher m = known.matcher(message);
            assertTrue(m.matches(), message);
            Set<String> parser = new TreeSet<>(List.of(m.group(1).split(", ")));
            Set<String> schema = new TreeSet<>();
            SCHEMA_TREE.at(kind.getValue() + "/properties").fieldNames().forEachRemaining(schema::add);
            assertEquals(parser, schema, "docs/lab.schema.json#" + kind.getValue() + " against the parser's keys at " + kind.getKey());
        }
    }

    /** Every object the schema describes is one the test above compares, and so is every object the parser reads. */
    @Test
    void noKindIsLeftOut() throws IOException {
        Set<String> described = new TreeSet<>(List.of(""));
        SCHEMA_TREE.get("definitions").fields().forEachRemaining(d -> {
            if (d.getValue().has("properties")) described.add("/definitions/" + d.getKey());
        });
        assertEquals(described, new TreeSet<>(KINDS.values()));
        long readers;
        try (Stream<Path> src = Files.walk(Path.of("src/main/java"))) {
            readers = src.filter(f -> f.toString().endsWith(".java")).mapToLong(f -> {
                try {
                    return Pattern.compile("\\bObj\\.of\\(").matcher(Files.readString(f)).results().count();
                } catch (IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }).sum();
        }
        assertEquals(KINDS.size(), readers, "each Obj.of(...) in the parser reads one kind of object: add the new one to KINDS and the schema");
    }
}
