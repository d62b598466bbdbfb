package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/**
 * A user without root and without a lab is told plainly that no lab is up, by every command
 * that reads or changes a lab (their labs are rootless: see RootlessLabTest), instead of what
 * a half-read state suggests (ls once said "UNREADABLE: no plan.json"); the commands that only
 * read a lab file work as they are. Run through the real launcher as user nobody (setpriv, as
 * root: hence a kernel test).
 */
@KernelTest
class NonRootTest {
    @Test
    void aUserWithoutALabIsToldThereIsNone() throws Exception {
        try {
            for (List<String> args : List.of(List.of("status", "bridge"), List.of("inspect", "web"), List.of("exec", "web", "true"),
                    List.of("pingall", "bridge"), List.of("check", "bridge"), List.of("top", "bridge"), List.of("down", "bridge"))) {
                Nslab.Run run = asNobody(args);
                assertEquals(2, run.code(), args + ": " + run);
                assertEquals("", run.out(), args + ": " + run);
                assertEquals(1, run.err().lines().count(), args + ": " + run);
                assertTrue(run.err().contains("no lab"), args + ": " + run);
                assertFalse(run.err().contains("sudo"), "a user's labs need no sudo: " + run);
            }
            Nslab.Run ls = asNobody(List.of("ls"));
            assertEquals(0, ls.code(), ls.toString());
        } finally {
            new ProcessBuilder("rm", "-rf", "/tmp/nslab-65534").start().waitFor(); // nobody's state directory
        }
    }

    @Test
    void commandsThatNeedNoRootWork() throws Exception {
        String lab = Nslab.repo().resolve("labs/bridge.json").toString();
        for (List<String> args : List.of(List.of("validate", lab), List.of("explain", lab), List.of("graph", lab), List.of("--version"))) {
            Nslab.Run run = asNobody(args);
            assertEquals(0, run.code(), args + ": " + run);
            assertTrue(!run.out().isEmpty() || args.get(0).equals("validate"), args + ": " + run);
        }
    }

    private static Nslab.Run asNobody(List<String> args) throws Exception {
        Nslab.launcher(Map.of(), 600, "--version"); // built (as root) before nobody runs it
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                Nslab.repo().resolve("nslab").toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile("nst-out", ".txt"), err = Files.createTempFile("nst-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(cmd + " hung over 120 s");
            }
            return new Nslab.Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
