package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.probe.PairSample;
import io.nslab.cli.services.BridgeLab;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;

class PingallCommandTest {
    @TempDir Path state;

    @RegisterExtension
    final ThrowawayNetns netns = new ThrowawayNetns();

    @BeforeEach
    void stateRoot() {
        System.setProperty("nslab.state", state.toString());
    }

    @AfterEach
    void noStateRoot() {
        System.clearProperty("nslab.state");
    }

    @Test
    void noLabUpIsBadInput() {
        CommandRun run = nslab("pingall");
        assertEquals(2, run.code());
        assertEquals("nslab: no lab is up (start one with: sudo nslab up FILE)\n", run.err());
    }

    @Test
    void aTimeoutMustBePositive() throws IOException {
        writePlan("nst-x", List.of(new PlanNode("a", "nst-x-a", "a", Map.of("eth0", "10.77.0.2/24"))));
        CommandRun run = nslab("pingall", "--timeout", "0");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--timeout must be a positive"), run.err());
    }

    @Test
    void aPlanThisNslabCannotReadIsTheStateErrorEveryCommandGives() throws IOException {
        Path dir = state.resolve("nst-x");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("plan.json"), "{\"version\":99,\"graph\":{\"vertices\":[]}}"); // a later nslab's format
        CommandRun pingall = nslab("pingall", "nst-x");
        assertEquals(3, pingall.code(), pingall.err());
        assertEquals(1, pingall.err().lines().count(), pingall.err());
        assertTrue(pingall.err().startsWith("nslab: cannot read the state of lab nst-x (") && pingall.err().contains("(nslab down nst-x removes it)"),
                pingall.err());
        assertEquals(nslab("status", "nst-x").err(), pingall.err(), "the one reader of plan.json, the one message");
    }

    @Test
    @KernelTest
    void everyNodeReachesEveryOtherOrTheFailuresAreNamed() throws IOException {
        BridgeLab lab = BridgeLab.build(netns, 4);
        List<PlanNode> nodes = planNodes(lab);
        // Shares n0's namespace: pings from there, has no address of its own to be pinged at.
        nodes.add(new PlanNode("side", lab.ns("n0").name(), "side", Map.of()));
        writePlan("nst-ping", nodes);

        CommandRun ok = nslab("pingall");
        assertEquals(0, ok.code(), ok.err() + ok.out());
        assertEquals("""
                n0   -> n1 n2 n3
                n1   -> n0 n2 n3
                n2   -> n0 n1 n3
                n3   -> n0 n1 n2
                side -> n0 n1 n2 n3
                """, ok.out().substring(0, ok.out().lastIndexOf("pingall:")));
        assertTrue(ok.out().matches("(?s).*\npingall: 16/16 pairs answered, in \\d+ ms\n"), ok.out());

        lab.cut("n2");
        CommandRun cut = nslab("pingall", "nst-ping", "--timeout", "300");
        assertEquals(1, cut.code(), cut.err() + cut.out());
        assertTrue(cut.out().startsWith("n0   -> n1 X n3\n"), cut.out());
        assertTrue(cut.out().contains("\nn2   -> X X X\n"), cut.out());
        assertTrue(cut.out().contains("\nn0 -> n2: timeout after 300 ms\n"), cut.out());
        assertTrue(cut.out().contains("\npingall: 9/16 pairs answered, 7 failed, in "), cut.out());

        CommandRun json = nslab("pingall", "--json", "--timeout", "300");
        assertEquals(1, json.code());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals("nst-ping", root.get("lab").asText());
        assertFalse(root.get("ok").asBoolean());
        assertEquals(16, root.get("pairs").asInt());
        assertEquals(7, root.get("failed").asInt());
        JsonNode first = root.get("results").get(0);
        assertEquals("n0", first.get("from").asText());
        assertEquals("n1", first.get("to").asText());
        assertEquals(lab.address("n1").getHostAddress(), first.get("address").asText());
        assertTrue(first.get("ok").asBoolean());
        assertEquals("reply from " + lab.address("n1").getHostAddress(), first.get("detail").asText());
    }

    @Test
    void aSampleNeedsAPositiveCountAndASeedASample() throws IOException {
        writePlan("nst-x", List.of(new PlanNode("a", "nst-x-a", "a", Map.of("eth0", "10.77.0.2/24"))));
        CommandRun zero = nslab("pingall", "--sample", "0");
        assertEquals(2, zero.code());
        assertEquals("nslab pingall: --sample must be a positive number of pairs\n", zero.err());
        CommandRun seedAlone = nslab("pingall", "--seed", "7");
        assertEquals(2, seedAlone.code());
        assertEquals("nslab pingall: --seed draws a --sample: give --sample N too\n", seedAlone.err());
    }

    @Test
    void aFamilyIs4Or6OrBoth() throws IOException {
        writePlan("nst-x", List.of(new PlanNode("a", "nst-x-a", "a", Map.of("eth0", "10.77.0.2/24"))));
        CommandRun run = nslab("pingall", "--family", "5");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--family is 4, 6 or both, not '5'"), run.err());
    }

    @Test
    @KernelTest
    void overIpv6OnlyNodesWithIpv6PingAndBothFamiliesComeOneAfterTheOther() throws IOException {
        BridgeLab lab = BridgeLab.build(netns, 3);
        List<PlanNode> nodes = new ArrayList<>();
        for (String n : lab.names()) {
            // n2 is IPv4-only as far as the plan knows: over IPv6 it neither pings nor is pinged.
            Map<String, String> six = n.equals("n2") ? Map.of() : Map.of("eth0", BridgeLab.SUBNET6 + (2 + lab.names().indexOf(n)) + "/64");
            nodes.add(new PlanNode(n, lab.ns(n).name(), n, Map.of("eth0", lab.address(n).getHostAddress() + "/24"), six));
        }
        writePlan("nst-ping6", nodes);

        CommandRun six = nslab("pingall", "--family", "6");
        assertEquals(0, six.code(), six.err() + six.out());
        assertEquals("n0 -> n1\nn1 -> n0\n", six.out().substring(0, six.out().lastIndexOf("pingall:")));

        CommandRun both = nslab("pingall", "--family", "both");
        assertEquals(0, both.code(), both.err() + both.out());
        assertTrue(both.out().matches("(?s)IPv4:\nn0 -> n1 n2\n.*pingall: 6/6 pairs answered.*\nIPv6:\nn0 -> n1\nn1 -> n0\npingall: 2/2 pairs answered, in \\d+ ms\n"),
                both.out());

        CommandRun json = nslab("pingall", "--family", "6", "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(6, root.get("family").asInt());
        assertEquals("fd77::3", root.get("results").get(0).get("address").asText());
        assertEquals("reply from fd77::3", root.get("results").get(0).get("detail").asText());
    }

    @Test
    @KernelTest
    void aSampleDrawsTheSamePairsFromTheSameSeed() throws IOException {
        BridgeLab lab = BridgeLab.build(netns, 5);
        writePlan("nst-ping", planNodes(lab));

        CommandRun text = nslab("pingall", "--sample", "6", "--seed", "42");
        assertEquals(0, text.code(), text.err() + text.out());
        assertTrue(text.out().matches("pingall: 6/6 pairs answered, in \\d+ ms \\(a sample of 6 of 20 pairs, seed 42\\)\n"), text.out());

        JsonNode one = new ObjectMapper().readTree(nslab("pingall", "--json", "--sample", "6", "--seed", "42").out());
        JsonNode again = new ObjectMapper().readTree(nslab("pingall", "--sample", "6", "--json", "--seed", "42").out());
        assertEquals(6, one.get("pairs").asInt());
        assertEquals(20, one.get("sample").get("of").asLong());
        assertEquals(42, one.get("sample").get("seed").asLong());
        assertEquals(pairs(one), pairs(again));
        assertEquals(6, pairs(one).stream().distinct().count());
        assertTrue(pairs(one).stream().noneMatch(p -> p.split(">")[0].equals(p.split(">")[1])), pairs(one).toString());
        assertEquals(PairSample.draw(lab.names(), lab.names(), 6, 42).pairs().stream().map(p -> p.source() + ">" + p.target()).toList(),
                pairs(one), "the pairs PairSample draws, in the lab's order");

        // Without a seed, one is drawn, and printed so the run can be repeated.
        JsonNode unseeded = new ObjectMapper().readTree(nslab("pingall", "--json", "--sample", "6").out());
        long seed = unseeded.get("sample").get("seed").asLong();
        assertEquals(pairs(unseeded), pairs(new ObjectMapper().readTree(nslab("pingall", "--json", "--sample", "6", "--seed", Long.toString(seed)).out())));

        // More than there are: every pair, once.
        CommandRun all = nslab("pingall", "--sample", "1000", "--seed", "1");
        assertTrue(all.out().matches("pingall: 20/20 pairs answered, in \\d+ ms \\(every one of the 20 pairs, seed 1\\)\n"), all.out());

        lab.cut("n2");
        CommandRun cut = nslab("pingall", "--sample", "20", "--seed", "3", "--timeout", "300");
        assertEquals(1, cut.code());
        assertTrue(cut.out().startsWith("n0 -> n2: timeout after 300 ms\n"), cut.out());
        assertTrue(cut.out().contains("\npingall: 12/20 pairs answered, 8 failed, in "), cut.out());
    }

    private static List<String> pairs(JsonNode pingall) {
        List<String> pairs = new ArrayList<>();
        for (JsonNode r : pingall.get("results")) pairs.add(r.get("from").asText() + ">" + r.get("to").asText());
        return pairs;
    }

    /** A node of the plan for each node of the bridge lab, its one address on eth0. */
    private static List<PlanNode> planNodes(BridgeLab lab) {
        List<PlanNode> nodes = new ArrayList<>();
        for (String n : lab.names()) {
            nodes.add(new PlanNode(n, lab.ns(n).name(), n, Map.of("eth0", lab.address(n).getHostAddress() + "/24")));
        }
        return nodes;
    }

    private void writePlan(String labName, List<PlanNode> nodes) throws IOException {
        Plan plan = new Plan(Plan.VERSION, labName, false, labName, "nslab-" + labName, nodes, List.of(), List.of());
        Path dir = state.resolve(labName);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("plan.json"), plan.toJson());
    }
}
