package io.nslab.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.topology.LabParser;
import io.nslab.topology.plan.PlanCompiler;

/** Each kind of TARGET word nslab capture takes, read off a lab's Plan (no kernel needed). */
class TargetsTest {
    private Targets targets;

    @BeforeEach
    void compile(@TempDir Path dir) throws Exception {
        // Names with '-' on purpose: a link's word is split at the '-' that leaves an endpoint on each side.
        Path lab = dir.resolve("t.json");
        Files.writeString(lab, """
                { "name": "t",
                  "bridges": { "lan-0": { "subnet": "10.99.0.0/24" } },
                  "nodes": {
                    "web-1": { "interfaces": { "eth0": { "bridge": "lan-0" }, "eth1": { "ip": "10.98.0.1/30" } } },
                    "client": { "interfaces": { "eth0": { "bridge": "lan-0" } } },
                    "r-2": { "interfaces": { "eth0": { "ip": "10.98.0.2/30" } } }
                  },
                  "links": [ { "endpoints": [ "web-1:eth1", "r-2:eth0" ] } ] }
                """);
        targets = new Targets(PlanCompiler.compile(LabParser.parse(lab), false));
    }

    private List<String> names(String... words) {
        return targets.resolve(List.of(words)).stream().map(Tap::name).toList();
    }

    @Test
    void anInterfaceOfANode() {
        assertEquals(List.of("web-1:eth0"), names("web-1:eth0"));
    }

    @Test
    void aNodeIsEveryInterfaceOfIt() {
        assertEquals(java.util.Set.of("web-1:eth0", "web-1:eth1"), java.util.Set.copyOf(names("web-1")));
    }

    @Test
    void aBridgeIsEveryPortOfIt() {
        List<Tap> ports = targets.resolve(List.of("lan-0"));
        assertEquals(2, ports.size(), ports.toString());
        for (Tap t : ports) {
            assertTrue(t.name().startsWith("host:"), t.name());
            assertTrue(t.description().startsWith("port of bridge lan-0"), t.description());
        }
    }

    @Test
    void aLinkIsBothOfItsEnds() {
        assertEquals(List.of("web-1:eth1", "r-2:eth0"), names("web-1:eth1-r-2:eth0"));
    }

    @Test
    void eachInterfaceOnceInTheOrderNamed() {
        assertEquals(List.of("r-2:eth0", "client:eth0"), names("r-2:eth0", "client", "client:eth0", "r-2"));
    }

    @Test
    void allIsEveryNodesInterfacesAndTheHostSidesThatAreNotPorts() {
        List<String> all = targets.all().stream().map(Tap::name).toList();
        assertTrue(all.containsAll(List.of("web-1:eth0", "web-1:eth1", "client:eth0", "r-2:eth0")), all.toString());
        assertTrue(all.stream().noneMatch(n -> n.startsWith("host:") && n.endsWith("-eth0") && !n.equals("host:lan-0")),
                "a bridge port's packets are its node's, already there: " + all);
    }

    @Test
    void aWordThatNamesNothingSaysWhatWould() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> names("nosuch:eth0"));
        assertTrue(e.getMessage().startsWith("\"nosuch:eth0\" names no interface, node, bridge or link of the lab (try "), e.getMessage());
        assertTrue(e.getMessage().contains("client:eth0") && e.getMessage().contains("lan-0)"), "names real targets: " + e.getMessage());
    }
}
