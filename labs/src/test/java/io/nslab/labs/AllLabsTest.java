package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import io.nslab.netlink.testing.KernelTest;

/**
 * Every lab passes {@code nslab test} end to end: each lesson under labs/*.json, and the test
 * labs (routed subnets through a router node, a node sharing another's netns, a pure layer-2
 * switch, a published UDP port). A lab whose checks must fail makes {@code test} exit 1 and
 * names exactly those checks, in the terminal and in the JUnit report.
 */
@KernelTest
class AllLabsTest {
    @TempDir Path tmp;

    static List<Path> lessons() throws IOException {
        try (Stream<Path> files = Files.list(Nslab.repo().resolve("labs"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyLabPassesNslabTest() throws IOException {
        List<Path> labs = new ArrayList<>(lessons());
        for (String extra : List.of("routed.json", "shared-netns.json", "l2-switch.json", "udp-publish.json")) labs.add(Nslab.resource(extra));
        assertTrue(labs.size() >= 5, "labs/bridge.json and the test labs: " + labs);
        return labs.stream().map(lab -> DynamicTest.dynamicTest(lab.getFileName().toString(), () -> {
            String name = Nslab.uniqueName();
            Path file = Nslab.copyAs(lab, name, tmp);
            Nslab.Run test = Nslab.run("test", file.toString());
            assertEquals(0, test.code(), test.toString());
            assertTrue(test.out().contains("checks passed") && test.out().contains("is down"), test.out());
            LabTraces.assertNone(name, name, List.of());
        }));
    }

    @Test
    void failingChecksMakeTestExitOneAndTheJunitReportNamesThem() throws Exception {
        String name = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.resource("failing.json"), name, tmp);
        Path report = tmp.resolve("report.xml");
        Nslab.Run test = Nslab.run("test", "--junit", report.toString(), file.toString());
        assertEquals(1, test.code(), test.toString());
        List<String> fails = test.out().lines().filter(l -> l.startsWith("FAIL")).toList();
        assertEquals(3, fails.size(), test.out());
        assertTrue(fails.get(0).contains("tcp b:81") && fails.get(0).contains("refused"), fails.get(0));
        assertTrue(fails.get(1).contains("http http://b/") && fails.get(1).contains("nobody"), fails.get(1));
        assertTrue(fails.get(2).contains("expect fail") && fails.get(2).contains("expected to fail"), fails.get(2));
        assertTrue(test.out().lines().anyMatch(l -> l.startsWith("PASS") && l.contains("a: ping b")), test.out());
        LabTraces.assertNone(name, name, List.of());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        var suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals(4, xml.getElementsByTagName("testcase").getLength());
        assertEquals(3, xml.getElementsByTagName("failure").getLength());
    }

    @Test
    void aLabThatCannotComeUpIsAnErrorInTheJunitReport() throws Exception {
        Path report = tmp.resolve("report.xml");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"nst-bad\", \"nodes\": {}}");
        Nslab.Run test = Nslab.run("test", "--junit", report.toString(), bad.toString());
        assertEquals(2, test.code(), test.toString());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        assertEquals(1, xml.getElementsByTagName("error").getLength());
    }
}
