package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStampTest {
    @Test
    void parsesAndFormatsThePidFileLine() {
        ProcessStamp p = ProcessStamp.parse("1234 987654\n");
        assertEquals(new ProcessStamp(1234, 987654), p);
        assertEquals("1234 987654", p.format());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessStamp.parse("1234"));
        assertEquals("expected \"PID STARTTIME\", got \"1234\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessStamp.parse("a b"));
    }

    @Test
    void writesAndReadsAPidFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web.pid");
        assertEquals(Optional.empty(), ProcessStamp.read(file), "no file, no stamp");
        new ProcessStamp(1234, 987654).write(file);
        assertEquals("1234 987654\n", Files.readString(file));
        assertEquals(Optional.of(new ProcessStamp(1234, 987654)), ProcessStamp.read(file));
        Files.writeString(file, "12"); // a crash mid-write
        assertEquals(Optional.empty(), ProcessStamp.read(file));
    }

    @Test
    void knowsAProcessByPidAndStartTime() {
        int self = (int) ProcessHandle.current().pid();
        ProcessStamp me = ProcessStamp.of(self).orElseThrow();
        assertEquals(self, me.pid());
        assertEquals(ProcStat.read(self).orElseThrow().startTime(), me.startTime());
        assertTrue(me.alive());
        // The same PID with another start time is another process (a reused PID).
        assertFalse(new ProcessStamp(self, me.startTime() + 1).alive());
    }
}
