package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.netlink.testing.KernelTest;

/**
 * Checks wait for a lab to converge: web's `run` adds an address and starts its http server two
 * seconds after it starts; the checks that retry pass because they retried, the same
 * probes made once fail, and a must-fail check fails when its probe succeeds late. Run through
 * nslab test and nslab up --wait, which wait the same way.
 */
@KernelTest
class ConvergeTest {
    static String lab(String name) {
        return """
            { "name": "%s",
              "bridges": { "br0": { "subnet": "10.77.0.0/24" } },
              "nodes": {
                "web": { "interfaces": { "eth0": { "bridge": "br0", "ip": "10.77.0.10/24" } },
                         "files": { "/srv/index.html": "ready\\n" },
                         "run": "sleep 2; ip addr add 10.77.0.99/24 dev eth0; exec busybox httpd -f -p 80 -h /srv" },
                "client": { "interfaces": { "eth0": { "bridge": "br0" } } } },
              "checks": [
                { "from": "client", "http": "http://web/", "expect": { "body_contains": "ready" }, "timeout_ms": 15000 },
                { "from": "client", "ping": "10.77.0.99", "timeout_ms": 15000 },
                { "from": "client", "http": "http://web/", "retry": false },
                { "from": "client", "ping": "10.77.0.99", "retry": false, "timeout_ms": 300 },
                { "from": "client", "ping": "10.77.0.99", "expect": "fail", "timeout_ms": 15000 } ] }
            """.formatted(name);
    }

    @Test
    void checksPassBecauseTheyRetriedAndAMustFailCheckFailsOnALateSuccess() throws Exception {
        String name = Nslab.uniqueName();
        Path dir = Files.createTempDirectory("nst-converge");
        Path file = Files.writeString(dir.resolve(name + ".json"), lab(name));
        Nslab.Run test;
        try {
            test = Nslab.run("test", "--json", file.toString());
        } finally {
            Nslab.run("down", name);
        }
        LabTraces.assertNone("converge lab", name, java.util.List.of());
        assertEquals(1, test.code(), test.toString());
        JsonNode checks = new ObjectMapper().readTree(test.out()).get("checks");
        JsonNode http = checks.get(0), ping = checks.get(1), httpOnce = checks.get(2), pingOnce = checks.get(3), mustFail = checks.get(4);
        assertTrue(http.get("passed").asBoolean(), http.toString());
        assertTrue(http.get("detail").asText().matches("status 200 \\(attempt \\d+\\)"), http.toString());
        assertTrue(http.get("elapsed_ms").asLong() >= 500, "it waited for the server: " + http);
        assertTrue(ping.get("passed").asBoolean(), ping.toString());
        assertTrue(ping.get("elapsed_ms").asLong() >= 500, "it waited for the address: " + ping);
        assertFalse(httpOnce.get("passed").asBoolean(), httpOnce.toString());
        assertEquals("connection refused", httpOnce.get("detail").asText(), "one attempt, as before retrying existed");
        assertFalse(pingOnce.get("passed").asBoolean(), pingOnce.toString());
        assertFalse(mustFail.get("passed").asBoolean(), "a must-fail check fails when its probe succeeds late: " + mustFail);
        assertTrue(mustFail.get("detail").asText().startsWith("expected to fail, but it worked (reply from 10.77.0.99"), mustFail.toString());
    }

    @Test
    void upWaitReturnsOnceTheChecksPassAndSaysWhichDidNot() throws Exception {
        String name = Nslab.uniqueName();
        Path dir = Files.createTempDirectory("nst-converge");
        ObjectMapper json = new ObjectMapper();
        // The checks that pass by retrying only: up --wait exits 0 once they have.
        com.fasterxml.jackson.databind.node.ObjectNode passing = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(lab(name));
        com.fasterxml.jackson.databind.node.ArrayNode checks = (com.fasterxml.jackson.databind.node.ArrayNode) passing.get("checks");
        for (int i = checks.size() - 1; i >= 2; i--) checks.remove(i);
        Path file = Files.writeString(dir.resolve(name + ".json"), json.writeValueAsString(passing));
        try {
            Nslab.Run up = Nslab.run("up", "--wait", file.toString());
            assertEquals(0, up.code(), up.toString());
            assertTrue(up.out().contains("all 2 checks passed in "), up.out());
            // The lab is up: a check made now passes at once.
            Nslab.Run check = Nslab.run("check", name);
            assertEquals(0, check.code(), check.toString());
        } finally {
            Nslab.run("down", name);
        }
        LabTraces.assertNone("converge lab, up --wait", name, java.util.List.of());

        String failing = Nslab.uniqueName();
        Path failingFile = Files.writeString(dir.resolve(failing + ".json"), lab(failing));
        try {
            Nslab.Run up = Nslab.run("up", "--wait", failingFile.toString());
            assertEquals(1, up.code(), up.toString());
            assertTrue(up.out().contains("FAIL") && up.out().contains("3 of 5 checks failed in ") && up.out().contains("the lab is still up"),
                    up.out());
            assertFalse(up.out().contains("PASS"), "only the failed checks are listed: " + up.out());
            assertEquals(0, Nslab.run("status", failing).code(), "the lab stays up");
        } finally {
            Nslab.run("down", failing);
        }
        LabTraces.assertNone("converge lab, up --wait failing", failing, java.util.List.of());
    }
}
