package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * A sampled pingall of a lab bigger than the machine's neighbour table (issue 26): 750 nodes on
 * three bridges of 250, the host side routing between them, 2,000 random pairs. Every pair
 * routed through the host side leaves four neighbour entries (the host side's for each end,
 * each end's for its gateway) in a table of 1,024 for every namespace of the machine together;
 * all at once, most pairs failed (1,000 nodes: 1,357 of 2,000). Within pingall's budget, with
 * each pair's entries deleted once it has answered, every pair answers.
 */
@KernelTest
class SampledPingallTest {
    @TempDir Path tmp;

    @Test
    void twoThousandPairsOfSevenHundredFiftyNodesOnThreeBridgesAllAnswer() throws Exception {
        String lab = Nslab.uniqueName();
        String json = GeneratedLab.onBridges(lab, 750, "10.231.0.0/24", "10.231.1.0/24", "10.231.2.0/24").toString();
        GeneratedLab.upUseDown(tmp, lab, json, name -> {
            Nslab.Run pingall = Nslab.run("pingall", "--json", "--sample", "2000", "--seed", "1", name);
            JsonNode result = pingall.json();
            String summary = "pairs " + result.get("pairs") + ", failed " + result.get("failed") + ", " + pingall.err();
            assertEquals(2000, result.get("pairs").asInt(), summary);
            assertEquals(0, result.get("failed").asInt(), summary);
            assertEquals(0, pingall.code(), summary);
        });
    }
}
