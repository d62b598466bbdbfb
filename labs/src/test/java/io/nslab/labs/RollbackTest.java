package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.state.StateDir;
import io.nslab.labs.faults.Faults;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * A lab that fails half-way rolls back completely; one whose nslab is SIGKILLed half-way is
 * removed completely by down; two ups of one lab race to exactly one winner. Failures are made
 * with the test-only faults (io.nslab.labs.faults.Faults).
 */
@KernelTest
class RollbackTest {
    @TempDir Path tmp;

    /** Steps worth failing at: the first, a namespace, links, NAT, the services (the last step). */
    private static List<Integer> interestingSteps(Plan plan) {
        List<Step> steps = plan.steps();
        List<Integer> ks = new ArrayList<>(List.of(1));
        for (Class<?> kind : List.of(Steps.CreateNetns.class, Steps.CreateVeth.class, Steps.SetMaster.class, Steps.AddRoute.class,
                Steps.InstallNat.class, Steps.StartNode.class, Steps.StartServices.class)) {
            int last = -1;
            for (int i = 0; i < steps.size(); i++) if (kind.isInstance(steps.get(i))) last = i + 1;
            if (last > 0 && !ks.contains(last)) ks.add(last);
        }
        return ks;
    }

    @Test
    void aStepThatFailsRollsBackEverythingBeforeIt() throws Exception {
        Path source = Nslab.repo().resolve("labs/bridge.json");
        Plan plan = PlanCompiler.compile(LabFiles.load(source), false);
        for (int k : interestingSteps(plan)) {
            String lab = Nslab.uniqueName();
            Path file = Nslab.copyAs(source, lab, tmp);
            Nslab.Run up;
            Faults.install("fail:" + k);
            try {
                up = Nslab.run("up", file.toString());
            } finally {
                Faults.install(null);
                if (StateDir.of(lab).exists()) Nslab.run("down", lab);
            }
            assertEquals(3, up.code(), "fail:" + k + ": " + up);
            assertTrue(up.err().contains("fault fail:" + k) && up.err().contains("rolled back, nothing left"), up.err());
            assertEquals(1, up.err().lines().count(), "one line: " + up.err());
            LabTraces.assertNone(lab, lab, List.of());
        }
    }

    @Test
    void downRemovesEverythingAfterUpIsKilledAtAnyPoint() throws Exception {
        Path source = Nslab.repo().resolve("labs/bridge.json");
        Plan plan = PlanCompiler.compile(LabFiles.load(source), false);
        List<Integer> ks = interestingSteps(plan);
        ks.add(plan.steps().size() + 1); // everything up, the supervisor running, up not yet returned
        for (int k : ks) {
            String lab = Nslab.uniqueName();
            Path file = Nslab.copyAs(source, lab, tmp);
            LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
            try {
                Nslab.Run up = Nslab.process(Map.of(Nslab.FAULTS, "kill:" + k), "up", file.toString());
                assertEquals(137, up.code(), "kill:" + k + ": " + up);
                assertTrue(Files.exists(StateDir.of(lab).journal()) || k == 1, "the journal is there for down");
                footprint = LabTraces.footprint(lab);
                Nslab.Run ls = Nslab.run("ls");
                assertTrue(ls.out().contains(lab), "a killed up is listed: " + ls);
            } finally {
                Nslab.Run down = Nslab.run("down", lab);
                assertEquals(0, down.code(), "kill:" + k + ": " + down);
            }
            if (k == plan.steps().size() + 1) assertEquals(1 + plan.nodes().size(), footprint.journaled().size(), "the supervisor and every node's init were running");
            LabTraces.assertNone(lab, footprint);
        }
    }

    @Test
    void sigintOrSigtermDuringUpRollsBack() throws Exception {
        Path source = Nslab.repo().resolve("labs/bridge.json");
        Plan plan = PlanCompiler.compile(LabFiles.load(source), false);
        int nat = 1; // the InstallNat step: namespaces and links are made by then
        while (!(plan.steps().get(nat - 1) instanceof Steps.InstallNat)) nat++;
        final int stallAt = nat;
        for (int signal : List.of(2, 15)) {
            String lab = Nslab.uniqueName();
            Path file = Nslab.copyAs(source, lab, tmp);
            Path out = tmp.resolve(lab + ".out"), err = tmp.resolve(lab + ".err");
            try {
                Process up = Nslab.start(Map.of(Nslab.FAULTS, "stall:" + stallAt), out, err, "up", file.toString());
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!(Files.exists(err) && Files.readString(err).contains("stalled")) && up.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(Files.readString(err).contains("stalled"), Files.readString(err));
                assertTrue(Files.exists(StateDir.of(lab).journal()), "up is half-way");
                io.nslab.sys.Sys.C.kill((int) up.pid(), signal);
                assertTrue(up.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(128 + signal, up.exitValue(), Files.readString(err));
                assertTrue(Files.readString(err).contains("interrupted (rolled back, nothing left)"), Files.readString(err));
            } finally {
                if (StateDir.of(lab).exists()) Nslab.run("down", lab);
            }
            LabTraces.assertNone(lab, lab, List.of());
        }
    }

    @Test
    void twoUpsOfOneLabRaceToExactlyOneWinner() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.resource("routed.json"), lab, tmp);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Nslab.Run> up = () -> Nslab.run("up", file.toString());
            List<Future<Nslab.Run>> runs = List.of(pool.submit(up), pool.submit(up));
            List<Nslab.Run> results = new ArrayList<>();
            for (Future<Nslab.Run> f : runs) results.add(f.get());
            assertEquals(1, results.stream().filter(r -> r.code() == 0).count(), results.toString());
            Nslab.Run loser = results.stream().filter(r -> r.code() != 0).findFirst().orElseThrow();
            assertEquals(2, loser.code(), loser.toString());
            assertTrue(loser.err().contains("busy") || loser.err().contains("already up"), loser.err());
        } finally {
            pool.shutdownNow();
            Nslab.run("down", lab);
        }
        LabTraces.assertNone(lab, lab, List.of());
    }
}
