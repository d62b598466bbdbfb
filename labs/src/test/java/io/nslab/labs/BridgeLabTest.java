package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.state.ProcessStamp;
import io.nslab.cli.state.StateDir;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;

/**
 * labs/bridge.json end to end, under a name of its own: up; traffic between the nodes seen by
 * real programs (ping, curl) run in the nodes' namespaces; MASQUERADE and DNAT seen in the
 * whoami answers; the lab's checks; status; a second up refused; down leaves nothing.
 */
@KernelTest
class BridgeLabTest {
    @TempDir Path tmp;

    @Test
    void bridgeLabWorksAndLeavesNothing() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        List<ProcessStamp> processes = List.of();
        try {
            Nslab.Run up = Nslab.run("up", "--json", file.toString());
            assertEquals(0, up.code(), up.toString());
            JsonNode nodes = up.json().get("nodes");
            assertEquals(3, nodes.size());
            assertEquals("8080->80/tcp", nodes.get(0).get("published").get(0).asText());
            processes = Leftovers.processes(lab);
            assertTrue(processes.stream().allMatch(ProcessStamp::alive), "the supervisor runs");

            // Real programs, in the nodes' network namespaces (iproute2 as the witness).
            String web = "172.20.0.10";
            Witness.run("ip", "netns", "exec", lab + "-client", "ping", "-c1", "-W2", web);
            String whoami = Witness.run("ip", "netns", "exec", lab + "-client", "curl", "-sS", "-m3", "http://" + web + "/");
            assertTrue(whoami.contains("\"hostname\":\"web\""), whoami);
            // MASQUERADE: isp sees the host side's address, not the client's.
            String masq = Witness.run("ip", "netns", "exec", lab + "-client", "curl", "-sS", "-m3", "http://198.51.100.2/");
            assertTrue(masq.contains("\"hostname\":\"isp\"") && masq.contains("\"remote\":\"198.51.100.1:"), masq);
            // DNAT: the published port reaches web, and web sees isp's own address.
            String dnat = Witness.run("ip", "netns", "exec", lab + "-isp", "curl", "-sS", "-m3", "http://198.51.100.1:8080/");
            assertTrue(dnat.contains("\"hostname\":\"web\"") && dnat.contains("\"remote\":\"198.51.100.2:"), dnat);
            // The NAT table is in the lab's host side, not on this machine.
            assertTrue(Witness.nft(lab, "list", "table", "ip", "nslab-" + lab).toString().contains("masquerade"));

            Nslab.Run check = Nslab.run("check", lab);
            assertEquals(0, check.code(), check.toString());
            assertEquals(5, check.out().lines().filter(l -> l.startsWith("PASS")).count(), check.out());

            Nslab.Run status = Nslab.run("status", "--json", lab);
            assertEquals(0, status.code(), status.toString());
            JsonNode client = status.json().get("nodes").get(1);
            assertEquals("client", client.get("name").asText());
            assertEquals("172.20.0.2/24", client.get("interfaces").get("eth0").get("addresses").get(0).asText());
            assertTrue(status.json().get("supervisor").get("alive").asBoolean());

            Nslab.Run ls = Nslab.run("ls", "--json");
            assertTrue(ls.out().contains("\"" + lab + "\""), ls.toString());

            Nslab.Run again = Nslab.run("up", file.toString());
            assertEquals(2, again.code(), again.toString());
            assertTrue(again.err().contains("already up"), again.err());
        } finally {
            Nslab.Run down = Nslab.run("down", lab);
            assertEquals(0, down.code(), down.toString());
        }
        Leftovers.assertNone(lab, processes);
        Nslab.Run twice = Nslab.run("down", lab);
        assertEquals(2, twice.code(), "an unknown lab is bad input: " + twice);
        assertTrue(twice.err().contains("no lab named"), twice.err());
        assertTrue(!StateDir.of(lab).exists());
    }
}
