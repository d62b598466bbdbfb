package io.nslab.labs.reliability;

import io.nslab.labs.LabTraces;
import io.nslab.labs.Nslab;
import io.nslab.labs.faults.Faults;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.state.StateDir;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * Crash and failure at every point of a lab with every kind of step (cgroups, one with limits, namespaces, a bridge,
 * veths, a shared netns, a link to the host side with an impairment, routes, NAT with masquerade and a published
 * port, node files, the nodes' layers, roots (overlay and host), mounts and files, nodes, services), with the test-only faults ({@link Faults}):
 * <ul>
 *   <li>through the real launcher, {@code up} is SIGKILLed before each step K, between starting
 *       each node and journaling it, and right after each netlink send that carried a batch of
 *       several messages (the kernel has done them; their ACKs are unread); then {@code down};</li>
 *   <li>in this JVM (fast), step K fails, and the kernel refuses the Nth netlink message of
 *       {@code up} for every N, batching unchanged: {@code up} rolls back by itself and names
 *       the step the refused message belongs to.</li>
 * </ul>
 * Each time nothing of the lab remains, found without its journal ({@link LabTraces}: processes
 * by the lab's namespace inodes, marks and argv), and a bystander made to look like the lab's
 * objects survives untouched.
 */
@KernelTest
class EveryStepTest {
    static final long UP_SECONDS = 60;
    private static final Pattern REPORTED = Pattern.compile("nslab up: [a-z0-9-]+: step (\\d+)/(\\d+): (.*) \\(rolled back, nothing left\\)");

    @TempDir Path tmp;

    private static Plan plan(Path file) {
        return PlanCompiler.compile(LabFiles.load(file), false);
    }

    @Test
    void killedBeforeEveryStepThenDownLeavesNothing() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = plan(file);
        assertKinds(plan);
        List<String> kills = new ArrayList<>();
        for (int k = 1; k <= plan.steps().size() + 1; k++) kills.add("kill:" + k);
        killAndDown(lab, file, plan, kills);
    }

    /** The init runs, and up dies before its journal names it: down finds it by the lab's namespace (Undo's strays). */
    @Test
    void killedBetweenStartingANodeAndJournalingItThenDownLeavesNothing() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = plan(file);
        List<String> kills = new ArrayList<>();
        for (int k = 1; k <= plan.steps().size(); k++) if (plan.steps().get(k - 1) instanceof Steps.StartNode) kills.add("killstarted:" + k);
        assertEquals(plan.nodes().size(), kills.size(), kills.toString());
        killAndDown(lab, file, plan, kills);
    }

    /** The kernel has done a batch of link changes, and up dies before it reads their answers. */
    @Test
    void killedRightAfterEachNetlinkBatchThenDownLeavesNothing() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = plan(file);
        List<Integer> batches = batchEnds(file, lab);
        assertTrue(batches.size() >= 3, "the lab's links go out in batches of several messages: " + batches);
        List<String> kills = new ArrayList<>();
        for (int n : batches) kills.add("killmsg:" + n);
        killAndDown(lab, file, plan, kills);
    }

    private void killAndDown(String lab, Path file, Plan plan, List<String> kills) throws Exception {
        String rootLinks = Witness.run("ip", "-o", "link", "show").replaceAll("\\s+link/.*", "");
        try (Bystander bystander = new Bystander(lab)) {
            for (String kill : kills) {
                String what = kill + describe(plan, kill);
                LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
                try {
                    Nslab.Run up = Nslab.launcher(Map.of(Nslab.FAULTS, kill), UP_SECONDS, "up", file.toString());
                    assertEquals(137, up.code(), what + ": " + up);
                    footprint = LabTraces.footprint(lab); // before down: the namespaces' inodes, whatever the journal says
                    if (kill.equals("kill:" + (plan.steps().size() + 1))) assertFalse(footprint.journaled().isEmpty(), what + ": the supervisor was started");
                } finally {
                    Nslab.Run down = Nslab.run("down", lab);
                    if (!kill.equals("kill:1") || StateDir.of(lab).exists()) assertEquals(0, down.code(), what + ": " + down);
                }
                LabTraces.assertNone(what, footprint);
                bystander.assertIntact(what);
            }
        } finally {
            if (StateDir.of(lab).exists()) Nslab.run("down", lab);
        }
        assertEquals(rootLinks, Witness.run("ip", "-o", "link", "show").replaceAll("\\s+link/.*", ""), "the machine's own links");
    }

    @Test
    void aFailureAtEveryStepRollsBackCompletely() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = plan(file);
        try (Bystander bystander = new Bystander(lab)) {
            for (int k = 1; k <= plan.steps().size(); k++) {
                String what = "fail:" + k + " (" + name(plan.steps().get(k - 1)) + ")";
                Nslab.Run up = upWithFaults("fail:" + k, file, lab);
                assertEquals(3, up.code(), what + ": " + up);
                assertEquals(List.of("nslab up: " + lab + ": step " + k + "/" + plan.steps().size()
                        + ": fault fail:" + k + " (test only) (rolled back, nothing left)"), up.err().lines().toList(), what);
                assertEquals("", up.out(), what);
                LabTraces.assertNone(what, lab, List.of());
                bystander.assertIntact(what);
            }
            // The same through the real launcher, once: what a user's terminal shows.
            int k = plan.steps().size() / 2;
            Nslab.Run up = Nslab.launcher(Map.of(Nslab.FAULTS, "fail:" + k), UP_SECONDS, "up", file.toString());
            assertEquals(3, up.code(), up.toString());
            assertEquals(List.of("nslab up: " + lab + ": step " + k + "/" + plan.steps().size()
                    + ": fault fail:" + k + " (test only) (rolled back, nothing left)"), up.err().lines().toList());
            LabTraces.assertNone("launcher fail:" + k, lab, List.of());
        } finally {
            if (StateDir.of(lab).exists()) Nslab.run("down", lab);
        }
    }

    /**
     * The kernel refuses each netlink message of {@code up} in turn, wherever it sits in a
     * batch: {@code up} rolls back, exits 3, and the step it names is the step that asked for
     * the refused change (its object is named in the failure), not the step whose turn sent
     * the batch.
     */
    @Test
    void aKernelRefusalOfEveryNetlinkMessageRollsBackAndNamesItsStep() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.labFile("crash.json", lab, tmp);
        Plan plan = plan(file);
        List<Integer> ends = batchEnds(file, lab);
        int messages = ends.get(ends.size() - 1);
        assertTrue(messages > 20, "messages sent by up: " + messages);
        int batched = 0, fewer = 0, endMarker = 0;
        for (int n = 1; n <= messages; n++) {
            String what = "failmsg:" + n;
            Path count = tmp.resolve("count-" + n);
            Nslab.Run up = upWithFaults(what + ",count:" + count, file, lab);
            if (up.code() == 0) {
                // How many lookups (link dumps) a batch needs depends on what its index cache holds,
                // which the order of threads changes: this up sent fewer than n messages. Only so.
                List<String> sends = Files.readAllLines(count);
                int sent = Integer.parseInt(sends.get(sends.size() - 1));
                // The last message of up closes the nf_tables transaction (NFNL_MSG_BATCH_END):
                // framing, not a request. Corrupted, the kernel aborts the transaction and still
                // acknowledges every request with 0, so nothing can see it (see the note).
                if (sent == n) {
                    endMarker++;
                    continue;
                }
                assertTrue(sent < n, what + " was sent and not refused: " + up);
                fewer++;
                continue;
            }
            assertEquals(3, up.code(), what + ": " + up);
            assertEquals(1, up.err().lines().count(), what + ": " + up);
            Matcher m = REPORTED.matcher(up.err().strip());
            assertTrue(m.matches(), what + ": " + up.err());
            Step step = plan.steps().get(Integer.parseInt(m.group(1)) - 1);
            assertTrue(names(step, m.group(3)), what + ": step " + m.group(1) + " is " + step + ", but the failure is: " + m.group(3));
            if (!(step instanceof Steps.InstallNat)) batched++;
            LabTraces.assertNone(what, lab, List.of());
        }
        assertTrue(batched > 10, "refusals inside link batches: " + batched);
        assertTrue(fewer <= 5, "ups that sent fewer messages than the counted one: " + fewer);
        assertTrue(endMarker <= 1 + fewer, "only the transaction's end marker goes unseen: " + endMarker);
    }

    /** up with these faults, in this JVM; down after if anything is left. */
    private static Nslab.Run upWithFaults(String spec, Path file, String lab) {
        Faults.install(spec);
        try {
            return Nslab.run("up", file.toString());
        } finally {
            Faults.install(null);
            if (StateDir.of(lab).exists()) Nslab.run("down", lab);
        }
    }

    /**
     * The message counts at the end of each send of an {@code up} of the lab (in this JVM, as
     * the launcher's would be) that carried more than one message: the points inside batches.
     */
    private List<Integer> batchEnds(Path file, String lab) throws Exception {
        Path count = tmp.resolve("count-" + System.nanoTime());
        Nslab.Run up = upWithFaults("count:" + count, file, lab);
        assertEquals(0, up.code(), up.toString());
        List<Integer> ends = Files.readAllLines(count).stream().map(Integer::parseInt).toList();
        List<Integer> batches = new ArrayList<>();
        for (int i = 1; i < ends.size(); i++) if (ends.get(i) - ends.get(i - 1) > 1) batches.add(ends.get(i));
        batches.add(ends.get(ends.size() - 1));
        return batches.stream().distinct().toList();
    }

    /** The tap through which an impairment's delay line works (Fallback.tapName: "nsd" and the link's index). */
    private static final Pattern TAP = Pattern.compile("\\bnsd\\d+\\b");

    /**
     * Whether a failure's text names the step's object (a CreateNetns' own change is lo's mark,
     * its alias; a link step that needs an interface's index looks the links up first; an
     * impairment looks up its qdiscs, and makes, marks and looks up its delay line's tap).
     */
    private static boolean names(Step step, String failure) {
        if (step instanceof Steps.CreateNetns) return failure.contains("alias of lo");
        if (failure.startsWith("list links:") && (step instanceof Steps.AddAddress || step instanceof Steps.SetMaster)) return true;
        if (step instanceof Steps.ImpairEgress && (failure.startsWith("list qdiscs:") || TAP.matcher(failure).find())) return true;
        if (step instanceof Steps.InstallNat) return failure.matches("\\w+ (nf_tables table|rule|chain) .*");
        for (var c : step.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(step);
                // Names and the address library's values (an address, a prefix, a MAC) as the failure writes them.
                String s = v instanceof String x ? x
                        : v instanceof io.nslab.addr.Cidr || v instanceof io.nslab.addr.IpAddress || v instanceof io.nslab.addr.Mac ? v.toString() : null;
                if (s != null && !s.isEmpty() && !c.getName().equals("netns") && failure.contains(s)) return true;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return false;
    }

    private static String describe(Plan plan, String kill) {
        int k = Integer.parseInt(kill.substring(kill.indexOf(':') + 1));
        if (kill.startsWith("killmsg")) return " (after the send of message " + k + ")";
        if (k > plan.steps().size()) return " (all done)";
        return (kill.startsWith("killstarted") ? " (started, not journaled: " : " (before ") + name(plan.steps().get(k - 1)) + ")";
    }

    /** The lab exercises every kind of step the executor knows. */
    private static void assertKinds(Plan plan) {
        List<String> kinds = new ArrayList<>();
        for (Step s : plan.steps()) if (!kinds.contains(name(s))) kinds.add(name(s));
        assertEquals(List.of("CreateCgroup", "MountLayers", "CreateNetns", "LinkUp", "SetSysctl", "CreateBridge", "AddAddress", "CreateVeth", "SetMaster",
                "ImpairEgress", "AddRoute", "InstallNat", "WriteHostsFile", "StartNode", "StartServices"), kinds);
    }

    private static String name(Step s) { return s.getClass().getSimpleName(); }
}
