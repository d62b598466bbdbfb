package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * labs/bridge.yaml, the bridge lesson written in YAML, end to end: {@code nslab test} brings
 * it up, its five checks hold (one of them must fail, and does), and it goes down leaving nothing.
 */
@KernelTest
class YamlLabTest {
    @TempDir Path tmp;

    @Test
    void theBridgeLessonInYamlPassesNslabTest() throws Exception {
        String name = Nslab.uniqueName();
        String yaml = Files.readString(Nslab.repo().resolve("labs/bridge.yaml"));
        assertTrue(yaml.contains("\nname: bridge\n"), yaml);
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, yaml.replace("\nname: bridge\n", "\nname: " + name + "\n"));

        Nslab.Run test = Nslab.run("test", file.toString());
        assertEquals(0, test.code(), test.toString());
        assertTrue(test.out().contains("5 checks passed") && test.out().contains("is down"), test.out());
        LabTraces.assertNone(name, name, List.of());
    }
}
