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

    @Test
    void twoLauncherUpsOfOneLabHaveExactlyOneWinner() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Nslab.Run>> ups = new ArrayList<>();
            for (int i = 0; i < 2; i++) ups.add(pool.submit(() -> Nslab.launcher(Map.of(), 60, "up", file.toString())));
            List<Nslab.Run> runs = new ArrayList<>();
            for (Future<Nslab.Run> f : ups) runs.add(f.get(90, TimeUnit.SECONDS));
            assertEquals(1, runs.stream().filter(r -> r.code() == 0).count(), runs.toString());
            Nslab.Run loser = runs.stream().filter(r -> r.code() != 0).findFirst().orElseThrow();
            assertEquals(2, loser.code(), loser.toString());
            assertEquals(1, loser.err().lines().count(), loser.toString());
            assertTrue(loser.err().matches("(?s)nslab up: lab \"" + lab + "\" is (busy|already up).*"), loser.err());
        } finally {
            pool.shutdownNow();
            Nslab.run("down", lab);
        }
        LabTraces.assertNone("after the race", lab, List.of());
    }

    @Test
    void downDuringUpIsRefusedOrCompleteNeverHalf() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Path out = tmp.resolve("up.out"), err = tmp.resolve("up.err");
        // The up holds still half-way (a test-only failpoint), so down surely meets it under way.
        Process up = Nslab.startLauncher(Map.of(Nslab.FAULTS, "stall:10"), out, err, "up", file.toString());
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(err).contains("stalled before step") && up.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(up.isAlive(), "up should be stalled half-way: " + Files.readString(err));
            for (int i = 0; i < 3; i++) {
                Nslab.Run down = Nslab.run("down", lab);
                assertEquals(2, down.code(), down.toString());
                assertTrue(down.err().contains("is busy"), down.toString());
            }
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
