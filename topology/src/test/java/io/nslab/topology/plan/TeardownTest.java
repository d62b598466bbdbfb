package io.nslab.topology.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nslab.topology.plan.Steps.ClearImpairment;
import io.nslab.topology.plan.Steps.DeleteCgroup;
import io.nslab.topology.plan.Steps.DeleteLink;
import io.nslab.topology.plan.Steps.DeleteNatTable;
import io.nslab.topology.plan.Steps.DeleteNetns;
import io.nslab.topology.plan.Steps.RestoreSysctl;
import io.nslab.topology.plan.Steps.StopNode;

/**
 * The one undo model: latest first whatever order the inverses come in (a journal's lines are
 * in the order steps were journaled, which parallel starts may shuffle), and an object goes
 * with its namespace only when this teardown deletes that namespace.
 */
class TeardownTest {
    @Test
    void latestFirstAndWhatANamespaceOfTheTeardownTakesAlongIsSaid() {
        Map<Integer, Step> inverses = new LinkedHashMap<>();
        inverses.put(9, new StopNode("web"));
        inverses.put(1, new DeleteCgroup("nslab/lab"));
        inverses.put(2, new DeleteNetns("lab"));
        inverses.put(4, new DeleteLink("lab", "br0"));
        inverses.put(5, new DeleteLink(NetnsName.CURRENT, "web-eth0"));
        inverses.put(6, new DeleteNatTable("lab", "nslab-lab"));
        inverses.put(7, new ClearImpairment("lab-web", "eth0"));   // lab-web is not deleted by this teardown
        inverses.put(8, new RestoreSysctl(NetnsName.CURRENT, "net.ipv4.ip_forward"));
        Teardown t = Teardown.of(inverses);

        assertEquals(List.of(9, 8, 7, 6, 5, 4, 2, 1), t.undoings().stream().map(Teardown.Undoing::step).toList());
        assertEquals(List.of(false, false, false, true, false, true, false, false),
                t.undoings().stream().map(Teardown.Undoing::withItsNamespace).toList());
        assertEquals(List.of("lab"), t.namespaces());
    }

    @Test
    void aPlansTeardownIsTheInversesOfItsStepsAndARollbackOnlyOfThoseDone() {
        Plan plan = new Plan(Plan.VERSION, "lab", false, "lab", "nslab-lab", List.of(), List.of(
                new Steps.CreateNetns("lab"), new Steps.CreateBridge("lab", "br0", 1500), new Steps.CreateNetns("lab-a")), List.of());
        assertEquals(List.of(new DeleteNetns("lab-a"), new DeleteLink("lab", "br0"), new DeleteNetns("lab")),
                Teardown.of(plan, 3).steps());
        assertEquals(List.of(true), Teardown.of(plan, 3).undoings().stream()
                .filter(u -> u.inverse() instanceof DeleteLink).map(Teardown.Undoing::withItsNamespace).toList());
        assertEquals(List.of(new DeleteNetns("lab")), Teardown.of(plan, 1).steps());
        assertEquals(plan.teardown(), Teardown.of(plan, 3).steps());
    }
}
