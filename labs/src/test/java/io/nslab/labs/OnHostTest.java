package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;

/**
 * {@code up --on-host} builds the host side in the namespace nslab runs in, and {@code down}
 * puts that namespace back as it was (its links, its NAT tables, its ip_forward). The
 * "machine" here is a throwaway namespace that nslab runs inside: tests never touch the real one.
 */
@KernelTest
class OnHostTest {
    @TempDir Path tmp;

    @Test
    void onHostLabIsBuiltInTheCurrentNamespaceAndDownRestoresIt() throws Exception {
        String machine = "nst-host" + Nslab.uniqueName().substring(4);
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        Witness.run("ip", "netns", "add", machine);
        try {
            String forwardBefore = sysctl(machine);
            List<String> linksBefore = linkNames(machine);
            Nslab.Run up = Nslab.processIn(machine, Map.of(), "up", "--on-host", file.toString());
            try {
                assertEquals(0, up.code(), up.toString());
                assertEquals("1", sysctl(machine), "the host side routes");
                assertTrue(linkNames(machine).contains("nslab0"), "the bridge is in the machine's namespace: " + linkNames(machine));
                assertTrue(Witness.nft(machine, "list", "tables").toString().contains("nslab-" + lab));
                String dnat = Witness.run("ip", "netns", "exec", lab + "-isp", "curl", "-sS", "-m3", "http://198.51.100.1:8080/");
                assertTrue(dnat.contains("\"hostname\":\"web\""), dnat);
                Nslab.Run check = Nslab.run("check", lab);
                assertEquals(0, check.code(), check.toString());
            } finally {
                Nslab.Run down = Nslab.processIn(machine, Map.of(), "down", lab);
                assertEquals(0, down.code(), down.toString());
            }
            assertEquals(forwardBefore, sysctl(machine), "down restores ip_forward");
            assertEquals(linksBefore, linkNames(machine), "down removes the lab's links");
            assertTrue(!Witness.nft(machine, "list", "tables").toString().contains("nslab-" + lab));
            Leftovers.assertNone(lab, List.of());
        } finally {
            Witness.run("ip", "netns", "del", machine);
        }
    }

    private static String sysctl(String netns) {
        return Witness.run("ip", "netns", "exec", netns, "cat", "/proc/sys/net/ipv4/ip_forward").trim();
    }

    private static List<String> linkNames(String netns) {
        JsonNode links = Witness.ip(netns, "link", "show");
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode l : links) names.add(l.get("ifname").asText());
        return names;
    }
}
