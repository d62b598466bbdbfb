package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.nslab.topology.model.Check;
import io.nslab.topology.model.Lab;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;

/**
 * Every lesson under labs/ is a valid lab: it parses and validates, compiles both ways
 * (sealed and --on-host), is named after its file, has its text (NAME.md) and proves its
 * point with checks, at least one of which must fail.
 */
class LessonLabsTest {
    static final Path LABS = Path.of(System.getProperty("nslab.root", ".."), "labs");

    static Stream<Path> labs() throws IOException {
        try (Stream<Path> s = Files.list(LABS)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void everyLessonIsThere() throws IOException {
        List<String> names = labs().map(p -> p.getFileName().toString().replace(".json", "")).toList();
        assertTrue(names.containsAll(List.of("bridge", "uts", "ipc", "pid", "mnt", "user", "cgroup", "netns", "routed", "publish")),
                names::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void parsesValidatesAndCompiles(Path file) {
        Lab lab = LabParser.parse(file);
        String base = file.getFileName().toString().replace(".json", "");
        assertEquals(base, lab.name(), "a lab is named after its file");
        Plan sealed = PlanCompiler.compile(lab, false);
        Plan onHost = PlanCompiler.compile(lab, true);
        assertEquals(lab.checks().size(), sealed.checks().size());
        assertEquals(sealed.checks().size(), onHost.checks().size());
        assertEquals(sealed, Plan.fromJson(sealed.toJson()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void hasItsTextAndChecksThatProveSomething(Path file) throws IOException {
        Lab lab = LabParser.parse(file);
        Path text = file.resolveSibling(lab.name() + ".md");
        assertTrue(Files.isRegularFile(text), () -> "no lesson text " + text);
        String md = Files.readString(text);
        assertTrue(md.contains("labs/" + lab.name() + ".json"), "the text says how to bring its lab up");
        assertFalse(lab.checks().isEmpty(), "a lesson proves its point with checks");
        // Something that must not work is half of every lesson (isolation, a missing route).
        assertTrue(lab.checks().stream().map(Check::expect).anyMatch(e -> e.fail() || e.stdoutLacks() != null),
                "a lesson shows something that must not work");
    }
}
