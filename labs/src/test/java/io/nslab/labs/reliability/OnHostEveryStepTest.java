package io.nslab.labs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.state.StateDir;
import io.nslab.labs.LabTraces;
import io.nslab.labs.Nslab;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;

/**
 * {@code --on-host} crashed and failed at every step: there the bridge, the host ends of the
 * veths, the NAT table and ip_forward live in the machine's own namespace, which no namespace
 * deletion cleans up. The "machine" is a throwaway namespace that nslab (the real launcher)
 * runs inside; after each {@code up} killed before step K (then {@code down}), and each
 * {@code up} whose step K failed (it rolls back by itself), that namespace is as it was: its
 * links, addresses, routes, qdiscs, ruleset and forwarding sysctls.
 *
 * <p>Each step gets a fault, kill and fail in turn, and each step made in the machine's
 * namespace gets both: the other steps' undo is the one EveryStepTest proves at every step
 * (through the launcher a round costs a JVM start, and CI has 15 minutes for everything).
 */
@KernelTest
class OnHostEveryStepTest {
    @TempDir Path tmp;
    private final String machine = "nst-host" + Nslab.uniqueName().substring(4);

    @BeforeEach
    void createMachine() {
        Witness.run("ip", "netns", "add", machine);
        Witness.run("ip", "-n", machine, "link", "set", "lo", "up");
    }

    @AfterEach
    void deleteMachine() {
        Witness.run("ip", "netns", "del", machine);
    }

    @Test
    void killedOrFailedAtEveryStepTheMachineIsAsItWas() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = PlanCompiler.compile(LabFiles.load(file), true);
        String before = machineState();
        try {
            for (int k = 1; k <= plan.steps().size() + 1; k++) {
                for (String fault : faults(plan, k)) {
                    String what = "--on-host " + fault + (k <= plan.steps().size() ? " (" + plan.steps().get(k - 1).getClass().getSimpleName() + ")" : "");
                    LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
                    Nslab.Run up = Nslab.launcherIn(machine, Map.of(Nslab.FAULTS, fault), 60, "up", "--on-host", file.toString());
                    if (fault.startsWith("kill")) {
                        assertEquals(137, up.code(), what + ": " + up);
                        footprint = LabTraces.footprint(lab);
                        if (StateDir.of(lab).exists()) {
                            Nslab.Run down = Nslab.launcherIn(machine, Map.of(), 60, "down", lab);
                            assertEquals(0, down.code(), what + ": " + down);
                        }
                    } else {
                        assertEquals(3, up.code(), what + ": " + up);
                        assertTrue(up.err().endsWith("(rolled back, nothing left)\n"), what + ": " + up);
                    }
                    LabTraces.assertNone(what, footprint);
                    assertEquals(before, machineState(), what + ": the machine's namespace changed");
                }
            }
        } finally {
            if (StateDir.of(lab).exists()) Nslab.launcherIn(machine, Map.of(), 60, "down", lab);
        }
    }

    /** The faults at step K: both at a step in the machine's namespace, else kill or fail in turn. */
    private static List<String> faults(Plan plan, int k) {
        if (k > plan.steps().size()) return List.of("kill:" + k);
        if (inMachine(plan.steps().get(k - 1))) return List.of("kill:" + k, "fail:" + k);
        return List.of((k % 2 == 1 ? "kill:" : "fail:") + k);
    }

    private static boolean inMachine(Step step) {
        for (var c : step.getClass().getRecordComponents()) {
            try {
                if (c.getName().equals("netns") && NetnsName.isCurrent((String) c.getAccessor().invoke(step))) return true;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return false;
    }

    /** What of the machine's namespace a lab may change, as iproute2, tc, nft and sysctl show it. */
    private String machineState() {
        String links = Witness.run("ip", "-n", machine, "-o", "link", "show").replaceAll("\\s+link/.*", "");
        return String.join("\n--\n", links,
                Witness.run("ip", "-n", machine, "-o", "addr", "show"),
                Witness.run("ip", "-n", machine, "route", "show", "table", "all"),
                Witness.run("tc", "-n", machine, "qdisc", "show"),
                Witness.run("ip", "netns", "exec", machine, "nft", "list", "ruleset"),
                Witness.run("ip", "netns", "exec", machine, "sysctl", "net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding",
                        "net.ipv4.conf.default.forwarding", "net.ipv6.conf.all.forwarding", "net.ipv6.conf.default.disable_ipv6"));
    }
}
