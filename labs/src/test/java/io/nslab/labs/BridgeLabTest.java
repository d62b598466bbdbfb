package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
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
        LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
        try {
            Nslab.Run up = Nslab.run("up", "--json", file.toString());
            assertEquals(0, up.code(), up.toString());
            JsonNode nodes = up.json().get("nodes");
            assertEquals(3, nodes.size());
            assertEquals("8080->80/tcp", nodes.get(0).get("published").get(0).asText());
            footprint = LabTraces.footprint(lab);
            assertTrue(footprint.journaled().stream().allMatch(ProcessStamp::alive), "the supervisor runs");

            // Real programs inside the nodes, by name, through nslab exec (as a user would).
            Nslab.Run ping = Nslab.process(Map.of(), "exec", "-l", lab, "client", "ping", "-c1", "-W2", "web");
            assertEquals(0, ping.code(), ping.toString());
            assertTrue(ping.out().contains("1 received"), ping.out());
            // exec's plain forms skip picocli (PlainForms): exit codes and errors stay what picocli's path gives.
            assertEquals(7, Nslab.process(Map.of(), "exec", "-l", lab, "web", "sh", "-c", "exit 7").code());
            Nslab.Run noNode = Nslab.process(Map.of(), "exec", "-l", lab, "nosuch", "true");
            assertEquals(2, noNode.code(), noNode.toString());
            assertEquals(1, noNode.err().lines().count(), noNode.toString());
            assertTrue(noNode.err().contains("has no node named \"nosuch\" (nodes: client, isp, web)"), noNode.err());
            // nothing of nslab's is left open in the command: stdio, and ls's own directory
            assertEquals(List.of("0", "1", "2", "3"), exec(lab, "web", "ls", "/proc/self/fd").lines().sorted().toList());
            // IPv4 only on the node's interface (no IPv6 chatter flooding the bridge); lo keeps ::1.
            assertEquals("1\n0\n", exec(lab, "web", "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6", "/proc/sys/net/ipv6/conf/lo/disable_ipv6"));
            // The host side's too (a lab without IPv6): each interface's IPv6 routes made every carrier change walk them all.
            assertEquals("1\n1\n1\n0\n", Witness.run("ip", "netns", "exec", lab, "cat", "/proc/sys/net/ipv6/conf/nslab0/disable_ipv6",
                    "/proc/sys/net/ipv6/conf/web-eth0/disable_ipv6", "/proc/sys/net/ipv6/conf/wan0/disable_ipv6", "/proc/sys/net/ipv6/conf/lo/disable_ipv6"));
            Nslab.Run typo = Nslab.process(Map.of(), "exec", "-x", "web", "true");
            assertEquals(2, typo.code(), "picocli still reads what the plain forms do not: " + typo);
            String whoami = exec(lab, "client", "curl", "-sS", "-m3", "http://web/");
            assertTrue(whoami.contains("\"hostname\":\"web\"") && whoami.contains("\"remote\":\"172.20.0.2:"), whoami);
            // MASQUERADE: isp sees the host side's address, not the client's.
            String masq = exec(lab, "client", "curl", "-sS", "-m3", "http://198.51.100.2/");
            assertTrue(masq.contains("\"hostname\":\"isp\"") && masq.contains("\"remote\":\"198.51.100.1:"), masq);
            // DNAT: the published port reaches web, and web sees isp's own address.
            String dnat = exec(lab, "isp", "curl", "-sS", "-m3", "http://198.51.100.1:8080/");
            assertTrue(dnat.contains("\"hostname\":\"web\"") && dnat.contains("\"remote\":\"198.51.100.2:"), dnat);
            // The same traffic seen by an independent witness: iproute2 entering only the netns.
            Witness.run("ip", "netns", "exec", lab + "-client", "ping", "-c1", "-W2", "172.20.0.10");
            // The NAT table is in the lab's host side, not on this machine.
            assertTrue(Witness.nft(lab, "list", "table", "inet", "nslab-" + lab).toString().contains("masquerade"));

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
        LabTraces.assertNone(lab, footprint);
        Nslab.Run twice = Nslab.run("down", lab);
        assertEquals(2, twice.code(), "an unknown lab is bad input: " + twice);
        assertTrue(twice.err().contains("no lab named"), twice.err());
        assertTrue(!StateDir.of(lab).exists());
    }

    /** Runs CMD in NODE through the launcher's {@code nslab exec} and returns its output. */
    private static String exec(String lab, String node, String... cmd) throws Exception {
        String[] args = new String[4 + cmd.length];
        args[0] = "exec";
        args[1] = "-l";
        args[2] = lab;
        args[3] = node;
        System.arraycopy(cmd, 0, args, 4, cmd.length);
        Nslab.Run run = Nslab.process(Map.of(), args);
        assertEquals(0, run.code(), run.toString());
        return run.out();
    }
}
