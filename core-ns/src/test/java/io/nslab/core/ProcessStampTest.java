package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStampTest {
    @Test
    void parsesAndFormatsThePidFileLine() {
        ProcessStamp p = ProcessStamp.parse("1234 987654\n");
        assertEquals(new ProcessStamp(1234, 987654), p);
        assertEquals("1234 987654", p.format());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessStamp.parse("1234"));
        assertEquals("expected \"PID STARTTIME\", got \"1234\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessStamp.parse("a b"));
    }

    @Test
    void writesAndReadsAPidFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web.pid");
        assertEquals(Optional.empty(), ProcessStamp.read(file), "no file, no stamp");
        new ProcessStamp(1234, 987654).write(file);
        assertEquals("1234 987654\n", Files.readString(file));
        assertEquals(Optional.of(new ProcessStamp(1234, 987654)), ProcessStamp.read(file));
        Files.writeString(file, "12"); // a crash mid-write
        assertEquals(Optional.empty(), ProcessStamp.read(file));
    }

    /**
     * The start time read against an independent witness, ps(1): boot time plus the start in
     * clock ticks must be the second ps prints. The process's name holds ") " and " (", the
     * trap of /proc/PID/stat (a parser that splits the line on spaces reads the wrong field).
     */
    @Test
    void knowsAProcessByPidAndStartTime(@TempDir Path dir) throws Exception {
        Path trap = dir.resolve("a) b (c");
        Files.createSymbolicLink(trap, Path.of("/bin/sleep"));
        Process sleeper = new ProcessBuilder(trap.toString(), "60").start();
        try {
            int pid = (int) sleeper.pid();
            long deadline = System.nanoTime() + 5_000_000_000L; // until the exec has happened
            while (!Files.readString(Path.of("/proc/" + pid + "/comm")).startsWith("a) b (c") && System.nanoTime() < deadline) Thread.sleep(5);
            ProcessStamp stamp = ProcessStamp.of(pid).orElseThrow();
            assertEquals(pid, stamp.pid());
            long bootTime = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.startsWith("btime "))
                    .mapToLong(l -> Long.parseLong(l.substring(6).trim())).findFirst().orElseThrow();
            long clockTicks = Long.parseLong(run("getconf", "CLK_TCK").trim());
            long started = bootTime + stamp.startTime() / clockTicks;
            long psStarted = Long.parseLong(run("date", "+%s", "-d", run("ps", "-o", "lstart=", "-p", Integer.toString(pid)).trim()).trim());
            assertTrue(Math.abs(started - psStarted) <= 1, "start " + started + " (ours) vs " + psStarted + " (ps)");
            assertTrue(stamp.alive());
            // The same PID with another start time is another process (a reused PID).
            assertFalse(new ProcessStamp(pid, stamp.startTime() + 1).alive());
            sleeper.destroyForcibly().waitFor();
            assertFalse(stamp.alive(), "an ended process");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
