package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * A machine limit met on the way up says so, with its fix (issue 26: "say so when a machine
 * limit stops a lab, with the fix"): a lab of 200 nodes under a hard limit of 300 open files
 * (prlimit, as a small session limit) fails with EMFILE, rolls back leaving nothing, and its
 * one line names the limit and how to raise it.
 */
@KernelTest
class OpenFilesLimitTest {
    @TempDir Path tmp;

    @Test
    void tooFewOpenFilesForTheLabIsSaidWithTheFix() throws Exception {
        Nslab.launcher(Map.of(), 600, "--version"); // built first, with the test's own limits
        String lab = Nslab.uniqueName();
        Path file = tmp.resolve(lab + ".json");
        Files.writeString(file, GeneratedLab.onBridges(lab, 200, "10.233.0.0/23").toString());
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        Process p = new ProcessBuilder("prlimit", "--nofile=300:300", "--", Nslab.repo().resolve("nslab").toString(), "up", file.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "up under a small limit hung");
            String said = Files.readString(err);
            assertEquals(3, p.exitValue(), said);
            assertTrue(said.contains("rolled back, nothing left"), said);
            assertTrue(said.contains("a lab of 200 nodes needs about 600 open files while it comes up, and this session allows 300 (ulimit -Hn)"), said);
        } finally {
            p.destroyForcibly().waitFor();
            Nslab.run("down", lab);
        }
        LabTraces.assertNone("after the rolled-back up", LabTraces.Footprint.of(lab));
    }
}
