package io.nslab.labs.reliability;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.state.ProcessStamp;
import io.nslab.cli.state.StateDir;
import io.nslab.netlink.sys.Sys;
import io.nslab.netlink.testing.KernelTest;

/** Parts of a running lab that die on their own: status says so, down still removes everything. */
@KernelTest
class DeadPartsTest {
    @TempDir Path tmp;

    @Test
    void aKilledSupervisorIsReportedDeadAndDownStillWorks() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        try {
            assertEquals(0, Nslab.inProcess("up", file.toString()).code());
            ProcessStamp supervisor = ProcessStamp.read(StateDir.of(lab).supervisorPid()).orElseThrow();
            assertTrue(supervisor.alive());
            Sys.C.kill(supervisor.pid(), 9);
            ProcessHandle.of(supervisor.pid()).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            Nslab.Run status = Nslab.inProcess("status", lab);
            assertTrue(status.out().contains("services supervisor: DEAD (PID " + supervisor.pid() + ")"), status.toString());
            Nslab.Run down = Nslab.inProcess("down", lab);
            assertEquals(0, down.code(), down.toString());
            LabTraces.assertNone("after a dead supervisor", lab, List.of(supervisor));
        } finally {
            if (StateDir.of(lab).exists()) Nslab.inProcess("down", lab);
        }
    }
}
