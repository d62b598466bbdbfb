package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.state.StateDir;
import io.nslab.netlink.testing.KernelTest;

/**
 * A node's run as a list of commands (each to its end, in order, then the program) and
 * {@code nslab logs}: what they wrote, in the node's log; a command that fails fails up with
 * its output, and nothing is left.
 */
@KernelTest
class RunListLabTest {
    @TempDir Path tmp;

    @Test
    void theCommandsRunInOrderAndLogsShowsWhatTheyWrote() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = write(lab, """
                { "name": "%s", "nodes": {
                    "a": { "run": [ "echo one; mkdir -p /tmp/x", [ "sh", "-c", "echo two >&2; ls /tmp" ], [ "sleep", "infinity" ] ] },
                    "b": {} } }
                """.formatted(lab));
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(0, up.code(), up.toString());
        try {
            String logged = "nslab-init: run[0]: /bin/sh -c echo one; mkdir -p /tmp/x\none\n"
                    + "nslab-init: run[1]: sh -c echo two >&2; ls /tmp\ntwo\nx\n";
            assertEquals(new Nslab.Run(0, logged, ""), Nslab.process(Map.of(), "logs", "-l", lab, "a"));
            assertEquals(new Nslab.Run(0, "", "nslab: node b has no run: nothing is logged\n"), Nslab.process(Map.of(), "logs", "-l", lab, "b"));
            Nslab.Run none = Nslab.process(Map.of(), "logs", "-l", lab, "c");
            assertEquals(2, none.code(), none.toString());
            // -f: what the program writes next, until the lab goes down.
            Path out = tmp.resolve("follow.out"), err = tmp.resolve("follow.err");
            Process follow = Nslab.start(Map.of(), out, err, "logs", "-f", "-l", lab, "a");
            Nslab.Run more = Nslab.run("exec", "-l", lab, "a", "sh", "-c", "echo later >> /proc/1/fd/2");
            assertEquals(0, more.code(), more.toString());
            waitFor(() -> Files.readString(out).endsWith("later\n"), "logs -f to show what came later: " + out);
            assertTrue(follow.isAlive(), "logs -f ended while the node runs");
            assertEquals(0, Nslab.run("down", lab).code());
            assertTrue(follow.waitFor(10, TimeUnit.SECONDS), "logs -f went on after down");
            assertEquals(0, follow.exitValue(), Files.readString(err));
            // to the end: the init's last word on the program, which down stopped
            assertEquals(logged + "later\nnslab-init: run killed by signal 15\n", Files.readString(out));
        } finally {
            Nslab.run("down", lab);
        }
        // The log went with the lab.
        assertFalse(Files.exists(StateDir.of(lab).nodeLog("a")));
        LabTraces.assertNone(lab, lab, List.of());
    }

    @Test
    void aCommandThatFailsFailsUpWithItsOutputAndLeavesNothing() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = write(lab, """
                { "name": "%s", "bridges": { "br0": { "subnet": "10.218.0.0/24" } }, "nodes": {
                    "a": { "interfaces": { "eth0": { "bridge": "br0" } }, "run": [ "true" , [ "sleep", "infinity" ] ] },
                    "b": { "interfaces": { "eth0": { "bridge": "br0" } },
                           "run": [ [ "mkdir", "/tmp/made" ], "echo before failing; ls /nst-none", [ "sleep", "infinity" ] ] } } }
                """.formatted(lab));
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(3, up.code(), up.toString());
        assertTrue(up.err().contains(": node b of lab " + lab + ": run[1] (/bin/sh -c echo before failing; ls /nst-none) exited with status 2"
                + " (rolled back, nothing left)\n  its output:\n    before failing\n    ls: cannot access '/nst-none': No such file or directory\n"),
                up.err());
        LabTraces.assertNone(lab, lab, List.of());
    }

    private Path write(String lab, String text) throws Exception {
        return Files.writeString(tmp.resolve(lab + ".json"), text);
    }

    private interface Condition { boolean holds() throws Exception; }

    private static void waitFor(Condition c, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.holds()) {
            if (System.nanoTime() > end) throw new AssertionError("waited 10 s for " + what);
            Thread.sleep(50);
        }
    }
}
