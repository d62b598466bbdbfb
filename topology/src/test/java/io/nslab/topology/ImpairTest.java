package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.nslab.topology.model.Impairment;
import io.nslab.topology.parse.ImpairReader;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Steps.ImpairEgress;

/** "impair" on links and node interfaces: units, per-direction objects, every error with its path, and the Plan's steps. */
class ImpairTest {
    /** a:eth1 -- b:eth1 on a link, c on a bridge. */
    static String lab(String linkImpair, String aImpair, String cImpair) {
        return BadLabTest.lab("'bridges':{'br0':{'subnet':'10.0.0.0/24'}},'nodes':{"
                + "'a':{'interfaces':{'eth1':{'ip':'10.1.0.1/24'" + (aImpair == null ? "" : ",'impair':" + aImpair) + "}}},"
                + "'b':{'interfaces':{'eth1':{'ip':'10.1.0.2/24'}}},"
                + "'c':{'interfaces':{'eth0':{'bridge':'br0'" + (cImpair == null ? "" : ",'impair':" + cImpair) + "}}}},"
                + "'links':[{'endpoints':['a:eth1','b:eth1']" + (linkImpair == null ? "" : ",'impair':" + linkImpair) + "}]");
    }

    private static List<ImpairEgress> steps(String json) {
        Plan plan = PlanCompiler.compile(LabParser.parse(json, "t.json"), false);
        return plan.steps().stream().filter(s -> s instanceof ImpairEgress).map(s -> (ImpairEgress) s).toList();
    }

    @Test
    void aLinkIsImpairedBothWays() {
        List<ImpairEgress> s = steps(lab("{'rate':'10mbit','delay':'20ms','jitter':'5ms','loss':'1.5%'}", null, null));
        Impairment both = new Impairment(10_000_000, 20_000, 5_000, 1.5);
        assertEquals(List.of(new ImpairEgress("t-a", "eth1", "a:eth1", "out", both), new ImpairEgress("t-b", "eth1", "a:eth1", "in", both)), s);
        assertEquals("rate 10mbit delay 20ms jitter 5ms loss 1.5%", both.describe());
    }

    @Test
    void perDirectionSeenFromTheFirstEndpointOrTheInterface() {
        List<ImpairEgress> s = steps(lab("{'out':{'delay':'50ms'}}", null, null));
        assertEquals(1, s.size());
        assertEquals(new ImpairEgress("t-a", "eth1", "a:eth1", "out", new Impairment(0, 50_000, 0, 0)), s.get(0));

        s = steps(lab(null, "{'in':{'loss':'10%'}}", null)); // on a's interface: what arrives at a leaves b
        assertEquals(List.of(new ImpairEgress("t-b", "eth1", "a:eth1", "in", new Impairment(0, 0, 0, 10))), s);
    }

    @Test
    void aBridgePortIsImpairedOnTheNodeEndAndTheBridgeEnd() {
        List<ImpairEgress> s = steps(lab(null, null, "{'rate':'1mbit'}"));
        assertEquals(2, s.size());
        assertEquals("t-c", s.get(0).netns());
        assertEquals("eth0", s.get(0).ifname());
        assertEquals("t", s.get(1).netns()); // the host side's end of c's veth, a port of br0
        assertEquals("in", s.get(1).direction());
    }

    @Test
    void unitsAsTcWritesThem() {
        assertEquals(1_500_000, ImpairReader.rate("1.5mbit"));
        assertEquals(64_000, ImpairReader.rate("64kbit"));
        assertEquals(2_000_000_000, ImpairReader.rate("2gbit"));
        assertEquals(250, ImpairReader.time("250us"));
        assertEquals(1_500_000, ImpairReader.time("1.5s"));
        assertEquals("1.5ms", Impairment.time(1_500));
        assertEquals("250us", Impairment.time(250));
        assertEquals("1500kbit", Impairment.rate(1_500_000));
    }

    static Stream<Arguments> bad() {
        return Stream.of(
            Arguments.of(lab("{'rate':'10mb'}", null, null), "links[0].impair.rate", "not a rate"),
            Arguments.of(lab("{'rate':'10mbps'}", null, null), "links[0].impair.rate", "not a rate"),
            Arguments.of(lab("{'rate':'100gbit'}", null, null), "links[0].impair.rate", "out of range"),
            Arguments.of(lab("{'delay':'20'}", null, null), "links[0].impair.delay", "not a time"),
            Arguments.of(lab("{'delay':'11s'}", null, null), "links[0].impair.delay", "out of range"),
            Arguments.of(lab("{'delay':20}", null, null), "links[0].impair.delay", "must be a string"),
            Arguments.of(lab("{'loss':'10'}", null, null), "links[0].impair.loss", "not a loss"),
            Arguments.of(lab("{'loss':'120%'}", null, null), "links[0].impair.loss", "out of range"),
            Arguments.of(lab("{'jitter':'5ms'}", null, null), "links[0].impair.jitter", "give \"delay\" too"),
            Arguments.of(lab("{'latency':'5ms'}", null, null), "links[0].impair.latency", "unknown key"),
            Arguments.of(lab("{'out':{'delay':'5ms'},'loss':'1%'}", null, null), "links[0].impair.loss", "inside \"out\" or \"in\""),
            Arguments.of(lab("{'out':{'rate':'x'}}", null, null), "links[0].impair.out.rate", "not a rate"),
            Arguments.of(lab(null, null, "{'in':{'delay':'1h'}}"), "nodes.c.interfaces.eth0.impair.in.delay", "not a time"),
            Arguments.of(lab("{'delay':'5ms'}", "{'delay':'5ms'}", null), "nodes.a.interfaces.eth1.impair", "impaired here and at links[0].impair"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void refusesWithThePath(String json, String path, String fragment) {
        LabException e = assertThrows(LabException.class, () -> LabParser.parse(json, "t.json"));
        assertTrue(e.errors().stream().anyMatch(x -> x.path().equals(path) && x.message().contains(fragment)), e.getMessage());
    }
}
