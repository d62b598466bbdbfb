package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A lab file a test writes (big labs, made in a loop), brought up, used, and taken down leaving nothing. */
final class GeneratedLab {
    private static final ObjectMapper JSON = new ObjectMapper();

    interface Use {
        void with(String lab) throws Exception;
    }

    private GeneratedLab() {}

    /**
     * A lab of {@code nodes} nodes n1, n2, ... with one interface, eth0, on bridges br0, br1, ...
     * of these subnets, the nodes shared out in order (as bench/lib.sh's bridges_lab): a test adds
     * its services and checks to the node it returns.
     */
    static ObjectNode onBridges(String lab, int nodes, String... subnets) {
        ObjectNode root = JSON.createObjectNode().put("name", lab);
        ObjectNode bridges = root.putObject("bridges");
        for (int b = 0; b < subnets.length; b++) bridges.putObject("br" + b).put("subnet", subnets[b]);
        ObjectNode all = root.putObject("nodes");
        int per = (nodes + subnets.length - 1) / subnets.length;
        for (int i = 1; i <= nodes; i++) {
            all.putObject("n" + i).putObject("interfaces").putObject("eth0").put("bridge", "br" + (i - 1) / per);
        }
        return root;
    }

    static void upUseDown(Path dir, String lab, String json, Use use) throws Exception {
        Path file = dir.resolve(lab + ".json");
        Files.writeString(file, json);
        LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
        try {
            Nslab.Run up = Nslab.run("up", file.toString());
            assertEquals(0, up.code(), up.toString());
            footprint = LabTraces.footprint(lab);
            use.with(lab);
        } finally {
            Nslab.Run down = Nslab.run("down", lab);
            assertEquals(0, down.code(), down.toString());
            LabTraces.assertNone("after down", footprint);
        }
    }
}
