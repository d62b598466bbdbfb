package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** The PID lesson: a node sees only its own processes, its PID 1 is nslab-init, which reaps and ends them. */
@KernelTest
class PidNamespaceTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void procListsOnlyTheNodesProcessesAndPid1IsNslabInit() {
        ProcessStamp node = lab.start(lab.spec("web"));
        // sh is the shell, ls a child of it: with PID 1 that is all the node has.
        String out = TestLab.exec(node, null, "sh", "-c", "echo $$; ls /proc").out();
        List<String> lines = List.of(out.split("\n"));
        Set<String> pids = lines.stream().skip(1).filter(s -> s.matches("\\d+")).collect(Collectors.toSet());
        assertTrue(pids.contains("1") && pids.contains(lines.get(0)), out);
        assertTrue(pids.size() <= 3, "the node's /proc lists more than its own processes: " + pids);
        assertEquals("nslab-init\n", TestLab.exec(node, null, "cat", "/proc/1/comm").out());
        // ... while the machine sees the init under its own, ordinary pid.
        assertTrue(node.pid() > 1);
    }

    @Test
    void anOrphanIsReapedByTheInit() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web"));
        // The shell starts sleep in the background and exits at once: sleep is an orphan. (Its
        // output goes elsewhere, or it would hold our pipe open until it ends.)
        String orphan = TestLab.exec(node, null, "sh", "-c", "sleep 2 >/dev/null 2>&1 & echo $!").out().trim();
        // The node's /proc, seen from the machine through the init's root.
        Path status = Path.of("/proc/" + node.pid() + "/root/proc/" + orphan + "/status");
        String text = Files.readString(status);
        assertTrue(text.contains("\nPPid:\t1\n"), "the orphan was not re-parented to PID 1:\n" + text);
        // Once sleep exits, PID 1 must reap it; unreaped it would stay a zombie ("State: Z") forever.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(status) && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(Files.exists(status), "the orphan was not reaped: " + readOrGone(status));
    }

    @Test
    void sigtermToTheInitEndsEverythingInTheNode() {
        ProcessStamp node = lab.start(lab.spec("web").withRun(List.of("sleep", "1000")));
        TestLab.exec(node, null, "sh", "-c", "sleep 1000 >/dev/null 2>&1 &");
        List<ProcStat> inside = processesInPidNamespaceOf(node);
        assertTrue(inside.size() >= 3, "expected the init, run and an orphan: " + inside);
        long started = System.nanoTime();
        Nodes.stop(node, Duration.ofSeconds(8));
        // They ended on SIGTERM, well before the grace time would have called for SIGKILL.
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "stop took the SIGKILL path");
        for (ProcStat p : inside) assertFalse(ProcStat.read(p.pid()).filter(s -> s.startTime() == p.startTime() && !s.dead()).isPresent(), p + " survived");
    }

    @Test
    void withoutAPidNamespaceTheInitIsASubreaperAndStillEndsItsProcesses() {
        Set<NsKind> kinds = EnumSet.of(NsKind.UTS, NsKind.IPC, NsKind.MNT, NsKind.CGROUP);
        ProcessStamp node = lab.start(lab.spec("web").withNamespaces(kinds).withRun(List.of("sleep", "1000")));
        String pid = TestLab.exec(node, null, "sh", "-c", "echo $$").out().trim();
        assertTrue(Integer.parseInt(pid) > 1, "no pid namespace, yet the shell had pid " + pid);
        List<ProcStat> run = Nodes.descendants(node.pid());
        assertEquals(1, run.size(), "the init's children: " + run);
        Nodes.stop(node, Duration.ofSeconds(8));
        assertFalse(ProcStat.read(run.get(0).pid()).filter(s -> s.startTime() == run.get(0).startTime() && !s.dead()).isPresent());
    }

    private static List<ProcStat> processesInPidNamespaceOf(ProcessStamp node) {
        NsRef pidns = NsRef.ofProcess(node.pid(), NsKind.PID);
        try (var entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Integer::parseInt)
                    .filter(pid -> {
                        try {
                            return NsRef.ofProcess(pid, NsKind.PID).sameAs(pidns);
                        } catch (RuntimeException gone) {
                            return false;
                        }
                    })
                    .map(pid -> ProcStat.read(pid).orElseThrow()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String readOrGone(Path file) {
        try {
            return Arrays.stream(Files.readString(file).split("\n")).filter(l -> l.startsWith("State")).findFirst().orElse("?");
        } catch (IOException e) {
            return "gone";
        }
    }
}
