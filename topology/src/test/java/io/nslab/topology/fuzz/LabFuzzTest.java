package io.nslab.topology.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.topology.LabException;
import io.nslab.topology.LabParser;

/**
 * Hostile input: thousands of mutations of valid labs, and the classic attacks (deep nesting,
 * huge files, hostile names, duplicated keys, truncation at every byte). Every case must end
 * in a lab or a LabException with clean one-line messages, within {@link ParseOracle#CASE_SECONDS};
 * every accepted lab must compile to a Plan of safe names (see {@link ParseOracle}).
 * Reproducible: the mutations come from fixed seeds, and a failure names its case.
 */
class LabFuzzTest {
    static final Path ROOT = Path.of(System.getProperty("nslab.root", ".."));
    static ParseOracle oracle;
    static List<String> seeds;

    @BeforeAll
    static void seeds() {
        oracle = new ParseOracle();
        seeds = List.of(read(ROOT.resolve("labs/bridge.json")), resource("router.json"), resource("shared.json"));
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    @Test
    void theSeedsAreValidLabs() {
        for (String s : seeds) assertNotNull(oracle.check("seed", s), s);
    }

    @Test
    void treeMutations() {
        // The oracle is shared by every method (in any order): count this method's cases only.
        int cases = 0, refusedBefore = oracle.refused, acceptedBefore = oracle.accepted;
        for (int i = 0; i < seeds.size(); i++) {
            JsonNode seed = LabMutator.read(seeds.get(i));
            LabMutator m = new LabMutator(1000 + i);
            for (int n = 0; n < 1500; n++, cases++) {
                LabMutator.Case c = m.treeMutation(seed);
                oracle.check("seed " + i + " tree mutation " + n + ": " + c.what(), c.text());
            }
        }
        assertEquals(4500, cases);
        int refused = oracle.refused - refusedBefore, accepted = oracle.accepted - acceptedBefore;
        assertEquals(cases, refused + accepted, "every case is judged once");
        assertTrue(refused > 1000, "the mutations reach the parser's errors: " + refused);
        assertTrue(accepted > 100, "and labs that pass, whose names the oracle then checks: " + accepted);
    }

    @Test
    void textMutations() {
        for (int i = 0; i < seeds.size(); i++) {
            LabMutator m = new LabMutator(2000 + i);
            for (int n = 0; n < 1000; n++) {
                LabMutator.Case c = m.textMutation(seeds.get(i));
                oracle.check("seed " + i + " text mutation " + n + ": " + c.what(), c.text());
            }
        }
    }

    @Test
    void truncationAtEveryByte() {
        byte[] bytes = seeds.get(0).getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < bytes.length; n++) {
            String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
            boolean onlyWhitespaceCut = text.strip().equals(seeds.get(0).strip());
            if (onlyWhitespaceCut) assertNotNull(oracle.check("bridge.json cut at byte " + n, text));
            else assertNull(oracle.check("bridge.json cut at byte " + n, text), "a truncated lab is never valid: " + n);
        }
    }

    @Test
    void everyNamePositionMeetsEveryHostileString() {
        // Each place where a name from the file later becomes a path, an interface or a file.
        for (String hostile : HostileValues.strings()) {
            String h = quote(hostile);
            oracle.check("lab name " + LabMutator.brief(hostile), "{\"name\":" + h + ",\"nodes\":{\"a\":{}}}");
            oracle.check("node name", "{\"name\":\"t\",\"nodes\":{" + h + ":{}}}");
            oracle.check("bridge name", "{\"name\":\"t\",\"bridges\":{" + h + ":{\"subnet\":\"10.0.0.0/24\"}},\"nodes\":{\"a\":{\"interfaces\":{\"eth0\":{\"bridge\":" + h + "}}}}}");
            oracle.check("interface name", "{\"name\":\"t\",\"bridges\":{\"b\":{\"subnet\":\"10.0.0.0/24\"}},\"nodes\":{\"a\":{\"interfaces\":{" + h + ":{\"bridge\":\"b\"}}}}}");
            oracle.check("host interface", "{\"name\":\"t\",\"host\":{\"interfaces\":{" + h + ":{\"ip\":\"10.0.0.1/24\"}}},\"nodes\":{\"a\":{\"interfaces\":{\"e\":{\"ip\":\"10.0.0.2/24\"}}}},\"links\":[{\"endpoints\":[" + quote("host:" + hostile) + ",\"a:e\"]}]}");
            oracle.check("endpoint", "{\"name\":\"t\",\"nodes\":{\"a\":{}},\"links\":[{\"endpoints\":[" + h + ",\"a:e\"]}]}");
            oracle.check("netns", "{\"name\":\"t\",\"nodes\":{\"a\":{},\"b\":{\"netns\":" + h + "}}}");
            oracle.check("hostname", "{\"name\":\"t\",\"nodes\":{\"a\":{\"hostname\":" + h + "}}}");
            oracle.check("sysctl key", "{\"name\":\"t\",\"nodes\":{\"a\":{\"sysctls\":{" + h + ":\"1\"}}}}");
            oracle.check("sysctl value", "{\"name\":\"t\",\"nodes\":{\"a\":{\"sysctls\":{\"net.ipv4.ip_forward\":" + h + "}}}}");
            oracle.check("env key", "{\"name\":\"t\",\"nodes\":{\"a\":{\"env\":{" + h + ":\"1\"}}}}");
            oracle.check("env value", "{\"name\":\"t\",\"nodes\":{\"a\":{\"env\":{\"K\":" + h + "}}}}");
            oracle.check("run string", "{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":" + h + "}}}");
            oracle.check("run argv", "{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":[\"/bin/echo\"," + h + "]}}}");
            oracle.check("namespaces", "{\"name\":\"t\",\"nodes\":{\"a\":{\"namespaces\":[" + h + "]}}}");
            oracle.check("user map", "{\"name\":\"t\",\"nodes\":{\"a\":{\"user\":{\"uid\":" + h + ",\"gid\":\"0:1000:1\"}}}}");
            oracle.check("publish", "{\"name\":\"t\",\"nodes\":{\"a\":{\"publish\":[" + h + "]}}}");
            oracle.check("service type", "{\"name\":\"t\",\"nodes\":{\"a\":{\"services\":[{\"type\":" + h + ",\"port\":80}]}}}");
            oracle.check("route", "{\"name\":\"t\",\"nodes\":{\"a\":{\"routes\":[{\"to\":" + h + ",\"via\":" + h + "}]}}}");
            oracle.check("mac", "{\"name\":\"t\",\"bridges\":{\"b\":{\"subnet\":\"10.0.0.0/24\"}},\"nodes\":{\"a\":{\"interfaces\":{\"eth0\":{\"bridge\":\"b\",\"mac\":" + h + "}}}}}");
            for (String probe : List.of("ping", "tcp", "udp", "http")) {
                oracle.check("check " + probe, "{\"name\":\"t\",\"nodes\":{\"a\":{}},\"checks\":[{\"from\":\"a\",\"" + probe + "\":" + h + "}]}");
            }
            oracle.check("check from", "{\"name\":\"t\",\"nodes\":{\"a\":{}},\"checks\":[{\"from\":" + h + ",\"ping\":\"a\"}]}");
            oracle.check("body_contains", "{\"name\":\"t\",\"nodes\":{\"a\":{}},\"checks\":[{\"from\":\"a\",\"http\":\"http://a/\",\"expect\":{\"body_contains\":" + h + "}}]}");
        }
    }

    @Test
    void deepNestingOf10000Levels() {
        for (String open : List.of("[", "{\"a\":")) {
            String close = open.equals("[") ? "]" : "}";
            String deep = open.repeat(10_000) + "1" + close.repeat(10_000);
            oracle.check("10,000 levels of " + open + " at the top", deep);
            oracle.check("10,000 levels of " + open + " in run", "{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":" + deep + "}}}");
            oracle.check("10,000 unclosed " + open, open.repeat(10_000));
        }
        // Just under Jackson's limit: the parser's own recursion must cope with what Jackson accepts.
        String nearLimit = "[".repeat(990) + "1" + "]".repeat(990);
        oracle.check("990 levels in run", "{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":" + nearLimit + "}}}");
        oracle.check("990 levels in a check", "{\"name\":\"t\",\"nodes\":{\"a\":{}},\"checks\":[{\"from\":\"a\",\"ping\":" + nearLimit + "}]}");
    }

    @Test
    void tenMegabyteFiles(@TempDir Path dir) throws IOException {
        int mb = 10 * 1024 * 1024;
        List<LabMutator.Case> cases = new ArrayList<>();
        cases.add(new LabMutator.Case("10 MB node name", "{\"name\":\"t\",\"nodes\":{\"" + "a".repeat(mb) + "\":{}}}"));
        cases.add(new LabMutator.Case("10 MB run string", "{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":\"" + "x".repeat(mb) + "\"}}}"));
        cases.add(new LabMutator.Case("10 MB of spaces", " ".repeat(mb)));
        cases.add(new LabMutator.Case("10 MB of digits", "{\"name\":\"t\",\"nodes\":{\"a\":{\"services\":[{\"type\":\"http\",\"port\":" + "9".repeat(mb) + "}]}}}"));
        cases.add(new LabMutator.Case("10 MB of links", manyLinks(mb)));
        cases.add(new LabMutator.Case("10 MB of nodes", manyNodes(mb)));
        for (LabMutator.Case c : cases) {
            assertTrue(c.text().length() >= mb, c.what());
            oracle.check(c.what(), c.text());
            // And from a file, as the CLI reads it.
            Path f = Files.writeString(dir.resolve("big.json"), c.text());
            long start = System.nanoTime();
            LabException e = assertThrows(LabException.class, () -> LabParser.parse(f), c.what());
            ParseOracle.checkErrors(c.what() + " (file)", e);
            assertTrue(System.nanoTime() - start < ParseOracle.CASE_SECONDS * 1_000_000_000L, c.what());
        }
    }

    @Test
    void filesThatAreNotText(@TempDir Path dir) throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.json"), "{\"name\":\"caf\u00e9\",\"nodes\":{\"a\":{}}}".getBytes(StandardCharsets.ISO_8859_1));
        ParseOracle.checkErrors("latin-1", assertThrows(LabException.class, () -> LabParser.parse(latin1)));
        Path binary = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3});
        ParseOracle.checkErrors("binary", assertThrows(LabException.class, () -> LabParser.parse(binary)));
        ParseOracle.checkErrors("a directory", assertThrows(LabException.class, () -> LabParser.parse(dir)));
        ParseOracle.checkErrors("no file", assertThrows(LabException.class, () -> LabParser.parse(dir.resolve("nope.json"))));
        // An endless file must not be read to the end.
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(ParseOracle.CASE_SECONDS), () ->
                ParseOracle.checkErrors("/dev/zero", assertThrows(LabException.class, () -> LabParser.parse(Path.of("/dev/zero")))));
    }

    @Test
    void duplicatedKeysAtEveryLevel() {
        List<String> dups = List.of(
                "{\"name\":\"t\",\"name\":\"u\",\"nodes\":{\"a\":{}}}",
                "{\"name\":\"t\",\"nodes\":{\"a\":{},\"a\":{}}}",
                "{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":\"x\",\"run\":\"y\"}}}",
                "{\"name\":\"t\",\"bridges\":{\"b\":{\"subnet\":\"10.0.0.0/24\",\"subnet\":\"10.0.1.0/24\"}},\"nodes\":{\"a\":{}}}",
                "{\"name\":\"t\",\"nodes\":{\"a\":{\"env\":{\"K\":\"1\",\"K\":\"2\"}}}}",
                "{\"name\":\"t\",\"nodes\":{\"a\":{}},\"checks\":[{\"from\":\"a\",\"ping\":\"a\",\"ping\":\"b\"}]}",
                "{\"name\":\"t\",\"nodes\":{\"a\":{}},\"nodes\":{\"b\":{}}}");
        for (String d : dups) {
            assertNull(oracle.check("duplicate key: " + d, d));
            LabException e = assertThrows(LabException.class, () -> LabParser.parse(d, null));
            assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
        }
    }

    private static String manyLinks(int size) {
        ObjectNode lab = JsonNodeFactory.instance.objectNode().put("name", "t");
        lab.putObject("nodes").putObject("a");
        ArrayNode links = lab.putArray("links");
        StringBuilder probe = new StringBuilder();
        for (int i = 0; probe.length() < size; i++) {
            String e = "{\"endpoints\":[\"a:e" + i + "\",\"b:e" + i + "\"]},";
            probe.append(e);
            links.addObject().putArray("endpoints").add("a:e" + i).add("b:e" + i);
        }
        return LabMutator.write(lab);
    }

    private static String manyNodes(int size) {
        ObjectNode lab = JsonNodeFactory.instance.objectNode().put("name", "t");
        lab.putObject("bridges").putObject("b").put("subnet", "10.0.0.0/8");
        ObjectNode nodes = lab.putObject("nodes");
        int length = 0;
        for (int i = 0; length < size; i++) {
            // Names are valid up to 15 characters; past that each one is an error to report.
            String name = "n" + i;
            nodes.putObject(name).putObject("interfaces").putObject("eth0").put("bridge", "b");
            length += name.length() + 60;
        }
        return LabMutator.write(lab);
    }

    private static String quote(String s) {
        return JsonNodeFactory.instance.textNode(s).toString();
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (var in = LabFuzzTest.class.getResourceAsStream("/fuzz/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
