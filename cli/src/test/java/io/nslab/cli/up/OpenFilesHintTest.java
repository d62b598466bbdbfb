package io.nslab.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.nslab.cli.kernel.OpenFiles;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/** Running out of open files is said as the session's limit, with how to raise it; nothing else gets the hint. */
class OpenFilesHintTest {
    @Test
    void emfileNamesTheSessionsHardLimitAndTheFix() {
        String hint = OpenFilesHint.of(new IllegalStateException("step 7", new SysException("open netlink socket", Errno.EMFILE))).orElseThrow();
        assertTrue(hint.contains("this session allows " + OpenFiles.hardLimit().orElseThrow() + " (ulimit -Hn)"), hint);
        assertTrue(hint.contains("prlimit --nofile"), hint);
    }

    @Test
    void aJavaMessageOfTooManyOpenFilesIsEmfileToo() {
        // ProcessBuilder says it in words: "error=24, Too many open files"
        assertTrue(OpenFilesHint.of(new UncheckedIOException(new java.io.IOException("Cannot run program: error=24, Too many open files"))).isPresent());
    }

    @Test
    void otherFailuresGetNoHint() {
        assertEquals(Optional.empty(), OpenFilesHint.of(new SysException("create netns x", Errno.EEXIST)));
    }
}
