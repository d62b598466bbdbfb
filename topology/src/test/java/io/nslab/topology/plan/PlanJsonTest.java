package io.nslab.topology.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.topology.LabParser;

/**
 * plan.json is written without databind ({@link PlanJson}) and read with it: for every lab
 * under labs/, both ways (sealed and --on-host), the JSON is what databind itself writes, and
 * it reads back to the same Plan. A record gaining a component, or a getter Jackson would
 * write, shows up here.
 */
class PlanJsonTest {
    private static final ObjectMapper DATABIND = new ObjectMapper().registerModule(AddressJson.module());

    static Stream<Path> labs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("nslab.root", ".."), "labs"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void writesWhatDatabindWritesAndReadsBack(Path file) throws IOException {
        for (boolean onHost : new boolean[] {false, true}) {
            Plan plan = PlanCompiler.compile(LabParser.parse(file), onHost);
            String ours = PlanJson.write(plan);
            assertEquals(DATABIND.readTree(DATABIND.writeValueAsString(plan)), DATABIND.readTree(ours));
            assertEquals(plan, Plan.fromJson(ours));
        }
    }
}
