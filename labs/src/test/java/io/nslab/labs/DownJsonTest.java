package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.netlink.testing.KernelTest;

/** {@code nslab down --json}: one compact object saying what went (docs/json.md), and nothing is left. */
@KernelTest
class DownJsonTest {
    @TempDir Path tmp;

    @Test
    void downAsJsonSaysWhatItRemoved() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        try {
            Nslab.Run up = Nslab.run("up", file.toString());
            assertEquals(0, up.code(), up.toString());
            Nslab.Run down = Nslab.run("down", "--json", lab);
            assertEquals(0, down.code(), down.toString());
            assertEquals(1, down.out().lines().count(), down.out());
            JsonNode d = down.json();
            assertEquals(lab, d.get("lab").asText());
            // netns, veths, the bridge, addresses' links, NAT, cgroups...: many steps; three node inits and the services supervisor
            assertTrue(d.get("steps_undone").asInt() > 10, d.toString());
            assertEquals(4, d.get("processes_stopped").asInt(), d.toString());
            assertEquals(0, d.get("removed_by_mark").size(), d.toString());
            assertTrue(d.get("elapsed_ms").asLong() >= 0, d.toString());
        } finally {
            Nslab.run("down", lab);
        }
        LabTraces.assertNone(lab, lab, List.of());
    }
}
