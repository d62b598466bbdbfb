package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.netlink.testing.Witness;
import io.nslab.topology.plan.CgroupPaths;

/**
 * Asserts that a lab left nothing behind, as independent witnesses see it: iproute2's list of
 * namespaces, the mount table, the processes nslab had started, the state directory.
 */
public final class Leftovers {
    private Leftovers() {}

    public static void assertNone(String lab, Collection<ProcessStamp> processes) throws IOException {
        List<String> netns = Witness.run("ip", "netns", "list").lines().map(l -> l.split(" ")[0])
                .filter(n -> n.equals(lab) || n.startsWith(lab + "-")).toList();
        assertEquals(List.of(), netns, "network namespaces of " + lab + " left (ip netns list)");
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains("/run/netns/" + lab + " ") || l.contains("/run/netns/" + lab + "-") || l.contains("/run/nslab/" + lab))
                .toList();
        assertEquals(List.of(), mounts, "mounts of " + lab + " left");
        for (ProcessStamp p : processes) assertFalse(p.alive(), "process " + p.pid() + " of " + lab + " still runs");
        assertFalse(Files.exists(StateDir.of(lab).dir()), "state directory of " + lab + " left");
        List<Path> cgroups = Cgroups.detect().dirs(CgroupPaths.lab(lab)).stream().filter(Files::isDirectory).toList();
        assertEquals(List.of(), cgroups, "cgroups of " + lab + " left");
    }

    /** Every process of the lab, from its state directory (node inits and the supervisor). */
    static List<ProcessStamp> processes(String lab) throws IOException {
        StateDir state = StateDir.of(lab);
        List<ProcessStamp> out = new java.util.ArrayList<>();
        ProcessStamp.read(state.supervisorPid()).ifPresent(out::add);
        out.addAll(RunningLab.inits(state).values()); // the node inits, from the journal
        return out;
    }
}
