package io.nslab.cli.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void journalKeepsLinesInOrderAndIgnoresATornLastLine() throws IOException {
        Path file = tmp.resolve("journal");
        try (Journal j = Journal.append(file)) {
            j.record("undo\t1\tDeleteNetns\tlab");
            j.record("absent\t2");
            assertThrows(IllegalArgumentException.class, () -> j.record("two\nlines"));
        }
        Files.writeString(file, "undo\t3\tDeleteNe", StandardOpenOption.APPEND); // a crash mid-write
        assertEquals(List.of("undo\t1\tDeleteNetns\tlab", "absent\t2"), Journal.read(file));
        assertEquals(List.of(), Journal.read(tmp.resolve("absent")));
    }
}
