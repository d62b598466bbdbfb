package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * More tcp, udp and http checks than the machine's neighbour table holds at once (issue 26):
 * 599 nodes on one bridge each ask n1's http service, 1,198 neighbour entries all at once in a
 * table of 1,024 for every namespace of the machine together. The probes take turns within
 * pingall's budget, each one's entries deleted once it has its result, and every check passes
 * (all at once, 1,000 http checks on one bridge got 512 answers).
 */
@KernelTest
class ManyChecksTest {
    @TempDir Path tmp;

    @Test
    void sixHundredHttpChecksOnOneBridgeAllPass() throws Exception {
        String lab = Nslab.uniqueName();
        ObjectNode json = GeneratedLab.onBridges(lab, 600, "10.232.0.0/22");
        ((ObjectNode) json.get("nodes").get("n1")).putArray("services").addObject().put("type", "http").put("port", 80);
        ArrayNode checks = json.putArray("checks");
        for (int i = 2; i <= 600; i++) {
            checks.addObject().put("from", "n" + i).put("http", "http://n1/").put("timeout_ms", 20000)
                    .putObject("expect").put("body_contains", "n1");
        }
        GeneratedLab.upUseDown(tmp, lab, json.toString(), name -> {
            Nslab.Run check = Nslab.run("check", name);
            long failed = check.out().lines().filter(l -> l.startsWith("FAIL")).count();
            assertEquals(0, failed, check.out().lines().filter(l -> l.startsWith("FAIL")).limit(3).toList() + " " + check.err());
            assertEquals(0, check.code(), check.err());
            assertEquals(599, check.out().lines().filter(l -> l.startsWith("PASS")).count());
        });
    }
}
