package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps.CreateBridge;
import io.nslab.topology.plan.Steps.CreateVeth;
import io.nslab.topology.plan.Steps.SetSysctl;

/**
 * The host side of a lab with IPv6 (the lesson's) forwards it, and its interfaces do no duplicate
 * address detection: set before the first of them is made, or their link-local addresses would be
 * tentative when the checks forward the first packet to a node (see PlanCompiler#namespaces).
 */
class HostSideIpv6Test {
    static final Path IPV6 = Path.of(System.getProperty("nslab.root", "."), "labs", "ipv6.json");

    @Test
    void theLabsOwnHostSideSkipsDadBeforeItsFirstInterface() {
        List<Step> steps = PlanCompiler.compile(LabParser.parse(IPV6), false).steps();
        int forwarding = steps.indexOf(new SetSysctl("ipv6", "net.ipv6.conf.all.forwarding", "1"));
        int noDad = steps.indexOf(new SetSysctl("ipv6", "net.ipv6.conf.default.accept_dad", "0"));
        int firstInterface = firstInterfaceIn(steps, "ipv6");
        assertTrue(forwarding >= 0 && noDad >= 0 && firstInterface > noDad, steps::toString);
    }

    @Test
    void onHostTheMachinesOwnDefaultsStay() {
        Plan plan = PlanCompiler.compile(LabParser.parse(IPV6), true);
        assertTrue(plan.steps().contains(new SetSysctl(NetnsName.CURRENT, "net.ipv6.conf.all.forwarding", "1")), plan.steps()::toString);
        assertTrue(plan.steps().stream().noneMatch(s -> s instanceof SetSysctl sysctl && sysctl.netns().equals(NetnsName.CURRENT)
                && sysctl.key().endsWith("accept_dad")), plan.steps()::toString);
    }

    private static int firstInterfaceIn(List<Step> steps, String netns) {
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof CreateBridge b && b.netns().equals(netns)) return k;
            if (steps.get(k) instanceof CreateVeth v && (v.netns().equals(netns) || v.peerNetns().equals(netns))) return k;
        }
        return -1;
    }
}
