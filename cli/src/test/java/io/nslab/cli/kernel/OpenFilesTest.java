package io.nslab.cli.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How many namespaces a holder keeps open: a quarter of the session's open files, within bounds. */
class OpenFilesTest {
    @Test
    void aQuarterOfTheLimitWithinBounds() {
        assertEquals(16, OpenFiles.namespacesToHold(300), "a tiny limit still leaves a few");
        assertEquals((10_000 - OpenFiles.KEPT_FOR_THE_REST) / 4, OpenFiles.namespacesToHold(10_000));
        assertEquals(OpenFiles.MOST_NAMESPACES, OpenFiles.namespacesToHold(20_000), "at most");
        assertEquals(OpenFiles.MOST_NAMESPACES, OpenFiles.namespacesToHold(Long.MAX_VALUE), "unlimited");
    }

    @Test
    void theLimitsAreThisProcesssOwn() {
        assertTrue(OpenFiles.softLimit() > 0);
        assertTrue(OpenFiles.hardLimit().isPresent(), "/proc/self/limits says");
    }
}
