package io.nslab.labs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.core.Processes;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.labs.Nslab;
import io.nslab.netlink.testing.KernelTest;

/**
 * "A reused PID is never killed": a lab whose journal names a supervisor and a node init that
 * ended long ago, their PIDs now a stranger's (forged: the stranger's PID with another start
 * time). {@code down} removes the lab and the stranger lives; so does the stray killer that
 * undo runs on what it found in /proc, when the PID changed hands after it looked.
 */
@KernelTest
class ReusedPidTest {
    @TempDir Path root;
    private Process stranger;

    @AfterEach
    void stopStranger() {
        if (stranger != null) stranger.destroyForcibly(); // the PID this test started
        System.clearProperty("nslab.state");
    }

    @Test
    void downNeverSignalsAProcessThatReusedAJournaledPid() throws Exception {
        ProcessStamp reused = startStranger();
        System.setProperty("nslab.state", root.toString());
        String lab = Nslab.uniqueName();
        StateDir state = StateDir.of(lab);
        Files.createDirectories(state.dir());
        Files.writeString(state.journal(), "process\tsupervisor\t" + reused.pid() + "\t" + reused.startTime() + "\n"
                + "process\tnode:web\t" + reused.pid() + "\t" + reused.startTime() + "\n");
        reused.write(state.supervisorPid());

        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), down.toString());
        assertFalse(state.exists(), "the lab is gone");
        assertFalse(stranger.waitFor(300, TimeUnit.MILLISECONDS), "down killed a process that reused a journaled PID");
    }

    @Test
    void theStrayKillerChecksTheStartTimeWhenItSignals() throws Exception {
        ProcessStamp reused = startStranger();
        assertTrue(Processes.killAll(List.of(reused)), "a process that is gone (its PID someone else's) counts as gone");
        assertFalse(stranger.waitFor(300, TimeUnit.MILLISECONDS), "a PID that changed hands after the scan was killed");
    }

    /** A live stranger, and a stamp of a process that had its PID before it (same PID, earlier start). */
    private ProcessStamp startStranger() throws Exception {
        stranger = new ProcessBuilder("sleep", "600").start();
        ProcessStamp real = ProcessStamp.of((int) stranger.pid()).orElseThrow();
        return new ProcessStamp(real.pid(), real.startTime() - 1);
    }
}
