package io.nslab.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** vfork where the JDK has it without a warning, and never over the user's own choice. */
class ProcessLaunchTest {
    @Test
    void vforkOnJdk17To21Only() {
        assertEquals("VFORK", ProcessLaunch.chosen(17, null));
        assertEquals("VFORK", ProcessLaunch.chosen(21, null));
        assertNull(ProcessLaunch.chosen(22, null), "deprecated from 22 on: the JDK's default");
    }

    @Test
    void aChoiceMadeWithDStands() {
        assertNull(ProcessLaunch.chosen(17, "POSIX_SPAWN"));
        assertNull(ProcessLaunch.chosen(17, "FORK"));
    }
}
