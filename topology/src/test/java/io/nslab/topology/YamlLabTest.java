package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.nslab.topology.parse.LabError;
import io.nslab.topology.model.Lab;
import io.nslab.topology.parse.LabSyntax;

/**
 * A lab file in YAML is the same lab as its JSON twin, and a bad one is refused with the
 * JSON reader's messages: the same paths for a rule broken, line and column for broken syntax.
 */
class YamlLabTest {
    @TempDir Path tmp;

    static Stream<Path> lessons() throws IOException {
        return LessonLabsTest.labs();
    }

    private static LabException refused(String yaml) {
        return assertThrows(LabException.class, () -> LabParser.parse(yaml, "f.yaml", LabSyntax.YAML));
    }

    @Test
    void theBridgeLessonInYamlIsTheBridgeLesson() {
        Lab yaml = LabParser.parse(LessonLabsTest.LABS.resolve("bridge.yaml"));
        assertEquals(LabParser.parse(LessonLabsTest.LABS.resolve("bridge.json")), yaml);
    }

    /** Every lesson written out as YAML (by Jackson's YAML writer) reads back as the same lab. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void everyLessonReadsTheSameInYaml(Path json) throws IOException {
        Path yml = tmp.resolve(json.getFileName().toString().replace(".json", ".yml"));
        Files.writeString(yml, new YAMLMapper().writeValueAsString(new ObjectMapper().readTree(json.toFile())));
        assertEquals(LabParser.parse(json), LabParser.parse(yml));
    }

    @Test
    void theSyntaxIsChosenByTheFileName() {
        assertEquals(LabSyntax.YAML, LabSyntax.of(Path.of("a/lab.yaml")));
        assertEquals(LabSyntax.YAML, LabSyntax.of(Path.of("LAB.YML")));
        assertEquals(LabSyntax.JSON, LabSyntax.of(Path.of("lab.json")));
        assertEquals(LabSyntax.JSON, LabSyntax.of(Path.of("yaml")));
    }

    @Test
    void aBrokenRuleHasTheSamePathAndMessageAsInJson() {
        LabException yaml = refused("name: t\nnodes:\n  a:\n    interfaces:\n      eth0: { bridge: br9 }\n");
        LabException json = assertThrows(LabException.class, () -> LabParser.parse(
                "{\"name\":\"t\",\"nodes\":{\"a\":{\"interfaces\":{\"eth0\":{\"bridge\":\"br9\"}}}}}", "f.yaml"));
        assertEquals(json.getMessage(), yaml.getMessage());
        assertEquals("nodes.a.interfaces.eth0.bridge", yaml.errors().get(0).path());
    }

    @Test
    void aDuplicateKeyIsNamedWithItsLineAndColumn() {
        LabException e = refused("name: t\nnodes:\n  a: {}\n  a: {}\n");
        assertEquals(List.of(new LabError("nodes.a", "duplicate key \"a\" (line 4, column 3)")), e.errors());
    }

    @Test
    void brokenYamlSaysWhereAndWhat() {
        assertEquals("f.yaml: line 2, column 6: broken YAML: mapping values are not allowed here",
                refused("name: t\n  bad: indent\n").getMessage());
        assertEquals("f.yaml: line 3, column 1: broken YAML: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence at line 2, column 8)", refused("name: t\nnodes: [a\n").getMessage());
    }

    @Test
    void anAliasIsRefusedRatherThanReadAsItsName() {
        LabException e = refused("name: &n t\nnodes:\n  a: { hostname: *n }\n");
        assertEquals("f.yaml: line 3, column 18: broken YAML: alias *n: lab files take no anchors and aliases, write the value out",
                e.getMessage());
    }

    @Test
    void aSecondDocumentAnEmptyFileAndAListAreRefused() {
        assertEquals("f.yaml: line 4, column 1: broken YAML: a second document; a lab file is one",
                refused("name: t\nnodes: { a: {} }\n---\nname: u\n").getMessage());
        assertEquals("f.yaml: line 1, column 1: the file is empty; a lab is one YAML object", refused("# nothing\n").getMessage());
        assertEquals("f.yaml: line 1, column 1: the file is empty; a lab is one YAML object", refused("").getMessage());
        LabException json = assertThrows(LabException.class, () -> LabParser.parse("[\"a\"]", "f.yaml"));
        assertEquals(json.getMessage(), refused("- a\n").getMessage());
    }
}
