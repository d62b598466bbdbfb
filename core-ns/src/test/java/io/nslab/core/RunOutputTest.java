package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed setup command wrote, read from the node's log between the init's lines around it. */
class RunOutputTest {
    @TempDir Path dir;

    @Test
    void theFailedCommandsLinesFollowTheInitsReport() throws IOException {
        Path log = Files.writeString(dir.resolve("n.log"), """
                nslab-init: run[0]: /bin/sh -c echo zero
                zero
                nslab-init: run[1]: ls /none
                ls: cannot access '/none': No such file or directory
                nslab-init: run[1] exited with status 2
                """);
        assertEquals("run[1] (ls /none) exited with status 2\n  its output:\n    ls: cannot access '/none': No such file or directory",
                RunOutput.explain("run[1] (ls /none) exited with status 2", log));
        assertEquals("run[0] (x) exited with status 1\n  its output:\n    zero", RunOutput.explain("run[0] (x) exited with status 1", log));
        Files.writeString(log, "nslab-init: run[0]: true\nnslab-init: run[0] exited with status 1\n");
        assertEquals("run[0] (true) exited with status 1 (it wrote nothing)", RunOutput.explain("run[0] (true) exited with status 1", log));
        // Not a run command's failure, or no log: the report as it is.
        assertEquals("open /x: No such file", RunOutput.explain("open /x: No such file", log));
        assertEquals("run[0] (x) exited with status 1", RunOutput.explain("run[0] (x) exited with status 1", dir.resolve("none")));
    }

    @Test
    void aLongOutputIsCutToItsEnd() throws IOException {
        StringBuilder text = new StringBuilder("nslab-init: run[0]: chatty\n");
        for (int i = 0; i < 5000; i++) text.append("line ").append(i).append('\n');
        Path log = Files.writeString(dir.resolve("n.log"), text.append("nslab-init: run[0] exited with status 1\n"));
        String said = RunOutput.explain("run[0] (chatty) exited with status 1", log);
        assertEquals(2 + 1 + RunOutput.MAX_LINES, said.lines().count(), said);
        assertEquals("    line 4999", said.lines().reduce((a, b) -> b).orElseThrow());
    }
}
