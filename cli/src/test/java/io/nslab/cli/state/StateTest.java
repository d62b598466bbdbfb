package io.nslab.cli.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateTest {
    @TempDir Path tmp;

    @Test
    void secondLockOfALabIsRefusedUntilTheFirstIsReleased() throws IOException {
        StateDir state = new StateDir(tmp.resolve("lab"));
        Optional<LabLock> first = LabLock.tryAcquire(state);
        assertTrue(first.isPresent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.dir())));
        assertTrue(LabLock.tryAcquire(state).isEmpty(), "a second holder must be refused");
        first.get().close();
        try (LabLock again = LabLock.tryAcquire(state).orElseThrow()) {
            assertTrue(Files.exists(state.lock()));
        }
    }

    @Test
    void journalKeepsEntriesInOrderAndIgnoresATornLastLine() throws IOException {
        Path file = tmp.resolve("journal");
        try (Journal j = Journal.append(file)) {
            j.record(Map.of("step", 1));
            j.record(Map.of("step", 2));
        }
        Files.writeString(file, "{\"step\":", StandardOpenOption.APPEND); // a crash mid-write
        List<JsonNode> entries = Journal.read(file);
        assertEquals(2, entries.size());
        assertEquals(1, entries.get(0).get("step").asInt());
        assertEquals(2, entries.get(1).get("step").asInt());
        assertEquals(List.of(), Journal.read(tmp.resolve("absent")));
    }
}
