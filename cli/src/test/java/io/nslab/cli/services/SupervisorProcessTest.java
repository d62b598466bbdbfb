package io.nslab.cli.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SupervisorProcessTest {
    @Test
    void parsesAndFormatsThePidFileLine() {
        SupervisorProcess p = SupervisorProcess.parse("1234 987654\n");
        assertEquals(new SupervisorProcess(1234, 987654), p);
        assertEquals("1234 987654", p.format());
        assertThrows(IllegalArgumentException.class, () -> SupervisorProcess.parse("1234"));
        assertThrows(IllegalArgumentException.class, () -> SupervisorProcess.parse("a b"));
    }

    @Test
    void knowsAProcessByPidAndStartTime() {
        int self = (int) ProcessHandle.current().pid();
        long start = SupervisorProcess.startTimeOf(self);
        assertTrue(start > 0);
        assertTrue(new SupervisorProcess(self, start).alive());
        // The same PID with another start time is another process (a reused PID).
        assertFalse(new SupervisorProcess(self, start + 1).alive());
    }
}
