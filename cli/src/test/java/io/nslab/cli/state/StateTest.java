package io.nslab.cli.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateTest {
    @TempDir Path tmp;

    @Test
    void secondLockOfALabIsRefusedUntilTheFirstIsReleased() throws IOException {
        StateDir state = new StateDir(tmp.resolve("lab"));
        Optional<LabLock> first = LabLock.tryAcquire(state);
        assertTrue(first.isPresent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.dir())));
        assertTrue(LabLock.tryAcquire(state).isEmpty(), "a second holder must be refused");
        first.get().close();
        try (LabLock again = LabLock.tryAcquire(state).orElseThrow()) {
            assertTrue(Files.exists(state.lock()));
        }
    }

    /**
     * The lock between processes, as two nslabs meet it: the kernel's lock, not Java's check
     * within one JVM (OverlappingFileLockException). Held by another process, it is refused
     * here, and that process is refused while this one holds it; when its holder dies by
     * SIGKILL, the kernel drops it and it can be taken at once.
     */
    @Test
    void theLockIsTheKernelsBetweenProcessesAndDiesWithItsHolder() throws Exception {
        StateDir state = new StateDir(tmp.resolve("lab"));
        Process holder = holder(state);
        try {
            assertEquals("held", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            assertTrue(LabLock.tryAcquire(state).isEmpty(), "held by another process");
            io.nslab.sys.Sys.C.kill((int) holder.pid(), 9);
            assertTrue(holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            try (LabLock mine = LabLock.tryAcquire(state).orElseThrow(() -> new AssertionError("not dropped with its killed holder"))) {
                Process second = holder(state);
                assertEquals("busy", new java.io.BufferedReader(new java.io.InputStreamReader(second.getInputStream())).readLine());
                second.getOutputStream().close();
                assertTrue(second.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            holder.destroyForcibly(); // the PID this test started
        }
    }

    private static Process holder(StateDir state) throws IOException {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), state.dir().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void journalKeepsLinesInOrderAndIgnoresATornLastLine() throws IOException {
        Path file = tmp.resolve("journal");
        try (Journal j = Journal.append(file)) {
            j.record("undo\t1\tDeleteNetns\tlab");
            j.record("absent\t2");
            assertThrows(IllegalArgumentException.class, () -> j.record("two\nlines"));
        }
        Files.writeString(file, "undo\t3\tDeleteNe", StandardOpenOption.APPEND); // a crash mid-write
        assertEquals(List.of("undo\t1\tDeleteNetns\tlab", "absent\t2"), Journal.read(file));
        assertEquals(List.of(), Journal.read(tmp.resolve("absent")));
    }
}
