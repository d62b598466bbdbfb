package io.nslab.labs.reliability;

import io.nslab.labs.LabTraces;
import io.nslab.labs.Nslab;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;

/**
 * Many up/down cycles of a lab with services, in this JVM: nothing grows. Namespaces, mounts
 * and /run entries are counted for the lab's own names (other labs may come and go on the
 * machine meanwhile); processes both as this JVM's descendants and, wherever they are (node
 * inits setsid away from us), as the lab's by its mark and names ({@link LabTraces#processes});
 * descriptors as this JVM's own.
 */
@KernelTest
class RepetitionTest {
    static final int CYCLES = 50;

    @TempDir Path tmp;

    record Usage(int netns, int mounts, long children, int labProcesses, int fds, int runEntries) {}

    private static Usage usage(String lab) throws IOException {
        int fds;
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            fds = (int) s.count();
        }
        int run;
        try (var s = Files.list(Path.of("/run/netns"))) {
            run = (int) s.filter(p -> p.getFileName().toString().startsWith(lab)).count();
        }
        if (Files.isDirectory(Path.of("/run/nslab"))) {
            try (var s = Files.list(Path.of("/run/nslab"))) {
                run += (int) s.filter(p -> p.getFileName().toString().startsWith(lab)).count();
            }
        }
        return new Usage(LabTraces.netns(lab).size(), LabTraces.mounts(lab).size(),
                ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                LabTraces.processes(LabTraces.Footprint.of(lab)).size(), fds, run);
    }

    @Test
    void upDownCyclesLeakNothing() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        // One cycle first: class loading, Netty and jnr warm-up open descriptors once and keep them.
        cycle(lab, file, 0);
        Usage before = usage(lab);
        long start = System.nanoTime();
        try {
            for (int i = 1; i <= CYCLES; i++) cycle(lab, file, i);
        } finally {
            Nslab.run("down", lab);
        }
        Usage after = usage(lab);
        System.out.printf("%d up/down cycles in %.1f s%n", CYCLES, (System.nanoTime() - start) / 1e9);
        assertEquals(0, after.netns(), "namespaces: " + after);
        assertEquals(0, after.mounts(), "mounts: " + after);
        assertEquals(0, after.runEntries(), "/run entries: " + after);
        assertEquals(before.children(), after.children(), "processes: " + before + " -> " + after);
        assertEquals(0, after.labProcesses(), "processes of the lab, anywhere: " + after);
        // The JVM opens and closes a few descriptors of its own (jars, GC'd channels); a leak per cycle would show CYCLES more.
        assertTrue(after.fds() <= before.fds() + 3, "descriptors: " + before + " -> " + after);
    }

    private static void cycle(String lab, Path file, int i) throws IOException {
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(0, up.code(), "cycle " + i + ": " + up);
        LabTraces.Footprint footprint = LabTraces.footprint(lab);
        assertFalse(footprint.journaled().isEmpty(), "the supervisor runs");
        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), "cycle " + i + ": " + down);
        LabTraces.assertNone("cycle " + i, footprint);
    }
}
