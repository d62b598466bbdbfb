package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
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
        StringBuilder json = new StringBuilder("{\"name\":\"" + lab + "\",\"bridges\":{\"br0\":{\"subnet\":\"10.232.0.0/22\"}},\"nodes\":{");
        json.append("\"n1\":{\"interfaces\":{\"eth0\":{\"bridge\":\"br0\"}},\"services\":[{\"type\":\"http\",\"port\":80}]}");
        for (int i = 2; i <= 600; i++) json.append(",\"n").append(i).append("\":{\"interfaces\":{\"eth0\":{\"bridge\":\"br0\"}}}");
        json.append("},\"checks\":[");
        for (int i = 2; i <= 600; i++) {
            json.append(i == 2 ? "" : ",").append("{\"from\":\"n").append(i).append("\",\"http\":\"http://n1/\",\"expect\":{\"body_contains\":\"n1\"},\"timeout_ms\":20000}");
        }
        GeneratedLab.upUseDown(tmp, lab, json.append("]}").toString(), name -> {
            Nslab.Run check = Nslab.run("check", name);
            long failed = check.out().lines().filter(l -> l.startsWith("FAIL")).count();
            assertEquals(0, failed, check.out().lines().filter(l -> l.startsWith("FAIL")).limit(3).toList() + " " + check.err());
            assertEquals(0, check.code(), check.err());
            assertEquals(599, check.out().lines().filter(l -> l.startsWith("PASS")).count());
        });
    }
}
