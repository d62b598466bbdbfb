package io.nslab.labs.reliability;

import io.nslab.labs.LabTraces;
import io.nslab.labs.Nslab;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.state.StateDir;
import io.nslab.netlink.testing.KernelTest;

/** Two nslabs at once: on one lab exactly one wins; on two labs neither notices the other. */
@KernelTest
class RaceTest {
    @TempDir Path tmp;

    /**
     * The first up is held half-way (a test fault) until the second has answered, so the two
     * surely overlap: the second must say "busy", never "already up" (which a second up that
     * merely came after the first would say), and the first then finishes.
     */
    @Test
    void twoLauncherUpsOfOneLabHaveExactlyOneWinner() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Path out = tmp.resolve("first.out"), err = tmp.resolve("first.err"), resume = tmp.resolve("resume");
        Process first = Nslab.startLauncher(Map.of(Nslab.FAULTS, "stall:10:" + resume), out, err, "up", file.toString());
        try {
            awaitStalled(first, err);
            Nslab.Run second = Nslab.launcher(Map.of(), 60, "up", file.toString());
            assertEquals(2, second.code(), second.toString());
            assertEquals(1, second.err().lines().count(), second.toString());
            assertTrue(second.err().startsWith("nslab up: lab \"" + lab + "\" is busy"), second.err());
            Files.writeString(resume, "");
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), Files.readString(err));
        } finally {
            if (first.isAlive()) first.destroyForcibly().waitFor(); // the PID we started
            Nslab.run("down", lab);
        }
        LabTraces.assertNone("after the race", lab, List.of());
    }

    /**
     * down during up: while the up holds the lab, every down is "busy"; once the up is done,
     * the first down that is not busy removes the whole lab (never a half of it).
     */
    @Test
    void downDuringUpIsBusyUntilTheUpEndsThenRemovesEverything() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Path out = tmp.resolve("up.out"), err = tmp.resolve("up.err"), resume = tmp.resolve("resume");
        Process up = Nslab.startLauncher(Map.of(Nslab.FAULTS, "stall:10:" + resume), out, err, "up", file.toString());
        LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
        try {
            awaitStalled(up, err);
            assertBusy(Nslab.run("down", lab));
            Files.writeString(resume, "");
            Nslab.Run down;
            int busy = 0;
            while ((down = Nslab.run("down", lab)).code() == 2 && down.err().contains("is busy")) {
                busy++;
                footprint = LabTraces.footprint(lab);
            }
            assertEquals(0, down.code(), "after " + busy + " busy answers: " + down);
            assertTrue(up.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, up.exitValue(), "the up finished before down could take the lab: " + Files.readString(err));
        } finally {
            if (up.isAlive()) up.destroyForcibly().waitFor();
            if (StateDir.of(lab).exists()) Nslab.run("down", lab);
        }
        LabTraces.assertNone("down after the up it waited for", footprint);
    }

    private static void awaitStalled(Process up, Path err) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(err).contains("stalled before step") && up.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(up.isAlive() && Files.readString(err).contains("stalled before step"), "up should be stalled half-way: " + Files.readString(err));
    }

    private static void assertBusy(Nslab.Run down) {
        assertEquals(2, down.code(), down.toString());
        assertTrue(down.err().contains("is busy"), down.toString());
    }

    @Test
    void downDuringUpIsRefusedOrCompleteNeverHalf() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Path out = tmp.resolve("up.out"), err = tmp.resolve("up.err");
        // The up holds still half-way (a test-only failpoint), so down surely meets it under way.
        Process up = Nslab.startLauncher(Map.of(Nslab.FAULTS, "stall:10"), out, err, "up", file.toString());
        try {
            awaitStalled(up, err);
            for (int i = 0; i < 3; i++) assertBusy(Nslab.run("down", lab));
            // The up, interrupted, rolls back everything it did.
            up.destroy(); // SIGTERM, to the PID we started
            assertTrue(up.waitFor(60, TimeUnit.SECONDS));
            assertEquals(143, up.exitValue(), Files.readString(err));
        } finally {
            if (up.isAlive()) up.destroyForcibly().waitFor();
        }
        Nslab.Run after = Nslab.run("down", lab);
        assertTrue(after.code() == 2 && after.err().contains("no lab named"), "nothing to take down after the rollback: " + after);
        LabTraces.assertNone("after down during up", lab, List.of());
    }

    @Test
    void twoLabsUpAndDownAtOnceDoNotInterfere() throws Exception {
        String a = Nslab.uniqueName(), b = Nslab.uniqueName();
        Path fa = Nslab.labFile("crash.json", a, tmp), fb = Nslab.labFile("crash.json", b, tmp);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Nslab.Run>>> cycles = new ArrayList<>();
            for (Path f : List.of(fa, fb)) {
                String lab = f.equals(fa) ? a : b;
                cycles.add(pool.submit(() -> {
                    List<Nslab.Run> runs = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        runs.add(Nslab.launcher(Map.of(), 60, "up", f.toString()));
                        runs.add(Nslab.launcher(Map.of(), 60, "check", lab));
                        runs.add(Nslab.launcher(Map.of(), 60, "down", lab));
                    }
                    return runs;
                }));
            }
            for (Future<List<Nslab.Run>> c : cycles) {
                for (Nslab.Run r : c.get(300, TimeUnit.SECONDS)) assertEquals(0, r.code(), r.toString());
            }
        } finally {
            pool.shutdownNow();
            Nslab.run("down", a);
            Nslab.run("down", b);
        }
        LabTraces.assertNone("lab a", a, List.of());
        LabTraces.assertNone("lab b", b, List.of());
    }
}
