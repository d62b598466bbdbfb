package io.nslab.topology.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.topology.parse.LabError;
import io.nslab.topology.LabException;
import io.nslab.topology.LabParser;
import io.nslab.topology.parse.Problems;

/** The fixes the fuzzing led to, each pinned by the exact message a user sees. */
class ParserHardeningTest {
    private static LabException refused(String json) {
        return assertThrows(LabException.class, () -> LabParser.parse(json, "f.json"));
    }

    @Test
    void namesFromTheFileAreEscapedInMessages() {
        LabException e = refused("{\"name\":\"a\\nb\\u0000c\\u202ed\",\"nodes\":{\"x\":{}}}");
        assertEquals("f.json: name: \"a\\nb\\0c\\u202ed\" is not a lab name: a lowercase letter, then up to 11 of a-z 0-9 -", e.getMessage());
        assertEquals("a\\u001b[31m", new LabError("p", "a\u001b[31m").message());
        assertEquals("\ud83d\ude00 ok, \\ud800 not", new LabError("p", "\ud83d\ude00 ok, \ud800 not").message(), "pairs stay, halves are escaped");
    }

    @Test
    void aHugeNameIsShortenedInTheMessageAndThePath() {
        String name = "a".repeat(40_000);
        LabException e = refused("{\"name\":\"t\",\"nodes\":{\"" + name + "\":{}}}");
        LabError err = e.errors().get(0);
        assertEquals("nodes." + "a".repeat(114) + "...(40006 characters)", err.path());
        assertTrue(err.message().startsWith("\"" + "a".repeat(119) + "...(40002 characters) is not a node name"), err.message());
        assertTrue(e.getMessage().length() < 600, e.getMessage());
    }

    @Test
    void jacksonsLimitsAreSaidWithoutItsJava() {
        LabException e = refused("[".repeat(5000));
        assertEquals("f.json: line 1, column 1002: broken JSON: Document nesting depth (1001) exceeds the maximum allowed (1000)", e.getMessage());
        e = refused("{\"name\":\"t\",\n\"nodes\":[{}}");
        assertEquals("f.json: line 2, column 12: broken JSON: Unexpected close marker '}': expected ']' (for Array starting at line 2, column 9)", e.getMessage());
    }

    @Test
    void runAndEnvMustFitAnExecve() {
        LabException e = refused("{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":[\"/bin/echo\",\"x\\u0000y\"],\"env\":{\"K\":\"" + "v".repeat(131_073) + "\"}}}}");
        assertEquals("f.json: nodes.a.run[1]: holds a NUL character, which no command line can carry\n"
                + "f.json: nodes.a.env.K: the value is longer than 131072 characters, the kernel's limit", e.getMessage());
        e = refused("{\"name\":\"t\",\"nodes\":{\"a\":{\"run\":\"" + "x".repeat(131_073) + "\"}}}");
        assertEquals("f.json: nodes.a.run: longer than 131072 characters, the kernel's limit for one argument", e.getMessage());
    }

    @Test
    void aBridgeTakes1023Ports() {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 1025; i++) nodes.append(i == 0 ? "" : ",").append("\"n").append(i).append("\":{\"interfaces\":{\"eth0\":{\"bridge\":\"b\"}}}");
        String head = "{\"name\":\"t\",\"bridges\":{\"b\":{\"subnet\":\"10.0.0.0/16\"}},\"nodes\":{";
        LabException e = refused(head + nodes + "}}");
        assertEquals("f.json: nodes.n1023.interfaces.eth0.bridge: bridge \"b\" already has 1023 ports, the kernel's limit", e.getMessage());
        String fits = nodes.substring(0, nodes.indexOf(",\"n1023\""));
        assertEquals(1023, LabParser.parse(head + fits + "}}", null).nodes().size());
    }

    @Test
    void aMillionErrorsAreCountedNotListed() {
        StringBuilder links = new StringBuilder();
        for (int i = 0; i < 1000; i++) links.append(i == 0 ? "" : ",").append("{\"endpoints\":[\"a:e").append(i).append("\",\"b:e").append(i).append("\"]}");
        LabException e = refused("{\"name\":\"t\",\"nodes\":{\"a\":{}},\"links\":[" + links + "]}");
        assertEquals(Problems.MAX_LISTED + 1, e.errors().size());
        assertEquals("(more): 1900 more errors not shown; fix these first", e.errors().get(Problems.MAX_LISTED).toString());
    }

    @Test
    void filesAreReadWithinLimits(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[LabParser.MAX_FILE_BYTES + 1]);
        assertEquals(big + ": file: larger than 16 MiB; a lab file is a small JSON object",
                assertThrows(LabException.class, () -> LabParser.parse(big)).getMessage());
        Path latin1 = Files.write(dir.resolve("l.json"), "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin1 + ": file: not UTF-8 text (byte 12); a lab file is JSON in UTF-8",
                assertThrows(LabException.class, () -> LabParser.parse(latin1)).getMessage());
    }
}
