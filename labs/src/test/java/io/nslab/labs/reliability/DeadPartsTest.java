package io.nslab.labs.reliability;

import io.nslab.labs.LabTraces;
import io.nslab.labs.Nslab;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.core.Processes;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.ns.NetNs;
import io.nslab.sys.NsFiles;
import io.nslab.sys.Sys;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;

/**
 * Parts of a running lab that die or vanish on their own: a supervisor or a node's init
 * killed, the state directory removed by hand, a state written by another nslab. status says
 * so, and down still removes everything, and nothing that is not the lab's.
 */
@KernelTest
class DeadPartsTest {
    @TempDir Path tmp;
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).run();
            } catch (RuntimeException e) {
                // the next cleanup still runs
            }
        }
        System.clearProperty("nslab.state");
    }

    /** Lab LAB is brought down under state root ROOT when the test ends, whatever happened. */
    private void downAtEnd(String lab, Path root) {
        cleanups.add(() -> {
            System.setProperty("nslab.state", root.toString());
            if (StateDir.of(lab).exists()) Nslab.run("down", lab);
        });
    }

    @Test
    void aKilledSupervisorIsReportedDeadAndDownStillWorks() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        downAtEnd(lab, StateDir.root());
        assertEquals(0, Nslab.run("up", file.toString()).code());
        ProcessStamp supervisor = ProcessStamp.read(StateDir.of(lab).supervisorPid()).orElseThrow();
        assertTrue(supervisor.alive());
        Sys.C.kill(supervisor.pid(), 9);
        ProcessHandle.of(supervisor.pid()).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        Nslab.Run status = Nslab.run("status", lab);
        assertTrue(status.out().contains("services supervisor: DEAD (PID " + supervisor.pid() + ")"), status.toString());
        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), down.toString());
        LabTraces.assertNone("after a dead supervisor", lab, List.of(supervisor));
    }

    @Test
    void aKilledInitTakesItsProgramAlongIsReportedDeadAndDownStillWorks() throws Exception {
        String lab = Nslab.uniqueName();
        downAtEnd(lab, StateDir.root());
        assertEquals(0, Nslab.run("up", Nslab.labFile("small.json", lab, tmp).toString()).code());
        ProcessStamp init = RunningLab.inits(StateDir.of(lab)).get("a");
        // Killed by PID only once it is sure to be that init: same start time, nslab-init.
        assertEquals(init, ProcessStamp.of(init.pid()).orElseThrow(), "the PID names the node's init");
        assertEquals("nslab-init", comm(init.pid()));
        ProcessStamp program = runProgram(lab + "-a", "sleep");

        Sys.C.kill(init.pid(), 9);
        assertTrue(Processes.awaitGone(List.of(init), java.time.Duration.ofSeconds(5)), "the init still runs");
        // Its PID namespace died with it, and every process in it: the node's program too.
        assertTrue(Processes.awaitGone(List.of(program), java.time.Duration.ofSeconds(5)), "the node's program outlived its init");

        Nslab.Run status = Nslab.run("status", lab);
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("a ") && l.contains(init.pid() + " DEAD")), status.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("b ") && l.contains(" alive")), status.toString());
        JsonNode json = new ObjectMapper().readTree(Nslab.run("status", "--json", lab).out());
        for (JsonNode n : json.get("nodes")) assertEquals(!n.get("name").asText().equals("a"), n.get("alive").asBoolean(), n.toString());

        Nslab.Run exec = Nslab.run("exec", "-l", lab, "a", "true");
        assertEquals(3, exec.code(), exec.toString());
        assertEquals(1, exec.err().lines().count(), exec.toString());
        assertTrue(exec.err().contains("node a of lab " + lab + " is not running"), exec.toString());
        assertEquals(0, Nslab.run("exec", "-l", lab, "b", "true").code(), "the other node is still usable");

        // The node's network namespace outlives its init: its addresses still answer.
        Nslab.Run check = Nslab.run("check", lab);
        assertEquals(0, check.code(), check.toString());

        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), down.toString());
        LabTraces.assertNone("after a dead init", lab, List.of(init, program));
    }

    @Test
    void downAllSweepsALabWhoseStateWasRemovedByItsMarksOnly() throws Exception {
        Path root = tmp.resolve("state"), otherRoot = tmp.resolve("other");
        String lab = Nslab.uniqueName(), other = Nslab.uniqueName();
        // A lab of another state root: its marks name that root, so this root's sweep leaves it.
        System.setProperty("nslab.state", otherRoot.toString());
        downAtEnd(other, otherRoot);
        assertEquals(0, Nslab.run("up", Nslab.labFile("small.json", other, tmp).toString()).code());
        List<ProcessStamp> otherProcesses = LabTraces.journaled(other);

        System.setProperty("nslab.state", root.toString());
        downAtEnd(lab, root);
        assertEquals(0, Nslab.run("up", Nslab.labFile("crash.json", lab, tmp).toString()).code());
        List<ProcessStamp> processes = LabTraces.journaled(lab);
        assertEquals(4, processes.size(), "three node inits and the supervisor: " + processes);

        // Look-alikes nobody marked, named as the lab's node namespaces are, one with a process in it.
        String lookAlike = lab + "-x";
        NetNs.create(lookAlike).close();
        cleanups.add(() -> NetNs.delete(lookAlike));
        Process inLookAlike = new ProcessBuilder("ip", "netns", "exec", lookAlike, "sleep", "60").start();
        cleanups.add(inLookAlike::destroyForcibly);

        removeTree(StateDir.of(lab).dir());
        Nslab.Run down = Nslab.run("down", "--all");
        assertEquals(0, down.code(), down.toString());
        for (String ns : List.of(lab, lab + "-web", lab + "-r")) {
            assertTrue(down.out().contains("removed network namespace " + ns + " of lab " + lab + "\n"), down.toString());
        }
        for (ProcessStamp p : processes) assertTrue(down.out().contains("stopped process " + p.pid() + " "), down.toString());
        assertEquals(List.of(lookAlike), LabTraces.netns(lab), "only the look-alike is left");
        assertTrue(LabTraces.mounts(lab).stream().allMatch(m -> m.contains("/run/netns/" + lookAlike + " ")), "mounts: " + LabTraces.mounts(lab));
        for (ProcessStamp p : processes) assertFalse(p.alive(), "process " + p.pid() + " of the swept lab still runs");
        assertTrue(inLookAlike.isAlive(), "the process in the look-alike namespace was killed");

        assertEquals(List.of(other, other + "-a", other + "-b"), LabTraces.netns(other), "the other root's lab lost namespaces");
        for (ProcessStamp p : otherProcesses) assertTrue(p.alive(), "process " + p.pid() + " of the other root's lab was killed");

        Nslab.Run again = Nslab.run("down", "--all");
        assertEquals(0, again.code(), again.toString());
        assertEquals("", again.out(), "a second sweep finds nothing");
    }

    @Test
    void aLabWhoseStateAnotherNslabWroteIsListedAndStillRemoved() throws Exception {
        Path root = tmp.resolve("state");
        System.setProperty("nslab.state", root.toString());
        String planOnly = Nslab.uniqueName(), all = Nslab.uniqueName();
        downAtEnd(planOnly, root);
        downAtEnd(all, root);
        assertEquals(0, Nslab.run("up", Nslab.labFile("small.json", planOnly, tmp).toString()).code());
        assertEquals(0, Nslab.run("up", Nslab.labFile("small.json", all, tmp).toString()).code());
        List<ProcessStamp> processes = new ArrayList<>(LabTraces.journaled(planOnly));
        processes.addAll(LabTraces.journaled(all));
        // A later nslab's formats: a plan this one cannot read; for the second lab a journal too.
        String future = "{\"version\":99,\"graph\":{\"vertices\":[]}}";
        Files.writeString(StateDir.of(planOnly).plan(), future);
        Files.writeString(StateDir.of(all).plan(), future);
        Files.writeString(StateDir.of(all).journal(), "{\"v\":99,\"op\":\"netns.create\",\"name\":\"" + all + "\"}\n");

        Nslab.Run ls = Nslab.run("ls");
        assertEquals(0, ls.code(), ls.toString());
        for (String lab : List.of(planOnly, all)) {
            assertTrue(ls.out().lines().anyMatch(l -> l.startsWith(lab + " ") && l.contains("UNREADABLE")), ls.toString());
        }
        JsonNode json = new ObjectMapper().readTree(Nslab.run("ls", "--json").out()).get("labs");
        assertEquals(2, json.size(), json.toString());
        for (JsonNode l : json) assertFalse(l.get("readable").asBoolean(), json.toString());
        Nslab.Run status = Nslab.run("status", planOnly);
        assertEquals(3, status.code(), status.toString());
        assertEquals(1, status.err().lines().count(), status.toString());

        Nslab.Run down = Nslab.run("down", "--all");
        assertEquals(0, down.code(), down.toString());
        assertTrue(down.out().contains("lab " + planOnly + " is down"), down.toString());
        assertTrue(down.out().contains("lab " + all + " is down"), down.toString());
        // The first lab's journal said it all; the second's said nothing this nslab reads: its marks did.
        assertFalse(down.out().contains("of lab " + planOnly + "\n"), down.toString());
        assertTrue(down.out().contains("removed network namespace " + all + "-a of lab " + all + "\n"), down.toString());
        LabTraces.assertNone("lab with an unreadable plan", planOnly, processes);
        LabTraces.assertNone("lab with an unreadable plan and journal", all, processes);
    }

    /** The process named COMMAND in network namespace NETNS (waits for it to have exec'd). */
    private static ProcessStamp runProgram(String netns, String command) throws Exception {
        Long inode = NsFiles.inodeOrNull(NetNs.RUN_NETNS.resolve(netns));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (ProcessStamp p : Processes.inNetns(Set.of(inode))) if (command.equals(comm(p.pid()))) return p;
            Thread.sleep(20);
        }
        throw new AssertionError("no " + command + " in netns " + netns + ": " + Witness.run("ip", "netns", "pids", netns));
    }

    private static String comm(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** A lab's state directory removed by hand: its layers tmpfs unmounted first (rm -rf alone stops at a mount point). */
    private static void removeTree(Path dir) throws IOException {
        io.nslab.cli.state.NodeLayers.unmount(dir.resolve("layers"));
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
