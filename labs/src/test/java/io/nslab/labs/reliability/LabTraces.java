package io.nslab.labs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.Witness;

/**
 * Everything of one lab the machine could still hold, seen by independent witnesses: its
 * namespaces (iproute2), its mounts (/proc/self/mountinfo), its NAT table in the machine's
 * own ruleset (nft, read-only), its processes (by the PIDs and start times its state held),
 * its state directory.
 */
final class LabTraces {
    private LabTraces() {}

    /** The PIDs (with start times) the lab's state holds now: node inits and the supervisor. */
    static List<ProcessStamp> processes(String lab) throws IOException {
        StateDir state = StateDir.of(lab);
        List<ProcessStamp> out = new ArrayList<>();
        ProcessStamp.read(state.supervisorPid()).ifPresent(out::add);
        out.addAll(RunningLab.inits(state).values()); // the node inits, from the journal
        return out;
    }

    /** The lab's cgroup directories that exist (nslab/LAB in each hierarchy). */
    static List<java.nio.file.Path> cgroups(String lab) {
        return io.nslab.core.cgroup.Cgroups.detect().dirs(io.nslab.topology.plan.CgroupPaths.lab(lab)).stream()
                .filter(Files::isDirectory).toList();
    }

    static List<String> netns(String lab) {
        return Witness.run("ip", "netns", "list").lines().map(l -> l.split(" ")[0])
                .filter(n -> n.equals(lab) || n.startsWith(lab + "-")).sorted().toList();
    }

    static List<String> mounts(String lab) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains("/run/netns/" + lab + " ") || l.contains("/run/netns/" + lab + "-") || l.contains("/run/nslab/" + lab))
                .toList();
    }

    static void assertNone(String what, String lab, List<ProcessStamp> processes) throws IOException {
        assertEquals(List.of(), netns(lab), what + ": network namespaces left");
        assertEquals(List.of(), mounts(lab), what + ": mounts left");
        for (ProcessStamp p : processes) assertFalse(p.alive(), what + ": process " + p.pid() + " still runs");
        assertFalse(Files.exists(StateDir.of(lab).dir()), what + ": state directory left");
        assertFalse(Witness.run("nft", "list", "tables").contains("nslab-" + lab), what + ": a NAT table in the machine's ruleset");
        assertEquals(List.of(), cgroups(lab), what + ": cgroups left");
    }
}
