package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * A lab's up and down need a bounded number of open files, whatever the lab's size (issue 26:
 * 10,000 nodes met a session's 20,000 when up held two per node): 200 nodes come up, answer and
 * go down under a hard limit of 150 (prlimit, as a small session limit), leaving nothing.
 */
@KernelTest
class OpenFilesLimitTest {
    static final int LIMIT = 150;

    @TempDir Path tmp;

    @Test
    void aLabOfManyMoreNodesThanOpenFilesComesUpAndGoesDown() throws Exception {
        Nslab.launcher(Map.of(), 600, "--version"); // built first, with the test's own limits
        String lab = Nslab.uniqueName();
        Path file = tmp.resolve(lab + ".json");
        Files.writeString(file, GeneratedLab.onBridges(lab, 200, "10.233.0.0/23").toString());
        try {
            String up = underLimit("up", file.toString());
            assertTrue(up.contains("n200"), up);
            Nslab.Run pingall = Nslab.run("pingall", "--sample", "100", "--seed", "1", lab);
            assertTrue(pingall.out().contains("100/100 pairs answered"), pingall.toString());
            underLimit("down", lab);
        } finally {
            Nslab.run("down", lab);
        }
        LabTraces.assertNone("after a down under " + LIMIT + " open files", LabTraces.Footprint.of(lab));
    }

    /** Runs nslab under a hard limit of {@link #LIMIT} open files; its output, or a failure with what it said. */
    private String underLimit(String... args) throws Exception {
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        List<String> cmd = new java.util.ArrayList<>(List.of("prlimit", "--nofile=" + LIMIT + ":" + LIMIT, "--", Nslab.repo().resolve("nslab").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), String.join(" ", args) + " under a small limit hung");
            assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + Files.readString(err));
            return Files.readString(out);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
