package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
    /** The namespace that plays the machine: nslab runs inside it, the test never touches the real one. */
    private final String machine = "nst-host" + Nslab.uniqueName().substring(4);
    private final String lab = Nslab.uniqueName();

    /** A state root of the test's own: `down --all` here must never reach the machine's /run/nslab (other people's labs). */
    @TempDir Path root;

    @BeforeEach
    void createMachine() {
        Witness.run("ip", "netns", "add", machine);
        System.setProperty("nslab.state", root.toString());
    }

    @AfterEach
    void deleteMachine() {
        try {
            if (io.nslab.cli.state.StateDir.of(lab).exists()) Nslab.run("down", lab);
        } finally {
            System.clearProperty("nslab.state");
            Witness.run("ip", "netns", "del", machine);
        }
    }

    @Test
    void onHostLabIsBuiltInTheCurrentNamespaceAndDownRestoresIt() throws Exception {
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        String forwardBefore = sysctl(machine);
        List<String> linksBefore = linkNames(machine);
        // Someone else's table of family ip with the lab's table name, unmarked: down (which also
        // removes an older nslab's ip/ip6 tables, by their mark) leaves it.
        Witness.run("ip", "netns", "exec", machine, "nft", "add", "table", "ip", "nslab-" + lab);
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
        String tables = Witness.nft(machine, "list", "tables").toString();
        assertTrue(!tables.contains("\"family\":\"inet\",\"name\":\"nslab-" + lab + "\""), tables);
        assertTrue(tables.contains("\"family\":\"ip\",\"name\":\"nslab-" + lab + "\""), "the unmarked ip table stays: " + tables);
        Witness.run("ip", "netns", "exec", machine, "nft", "delete", "table", "ip", "nslab-" + lab);
        LabTraces.assertNone(lab, lab, List.of());
    }

    @Test
    void aSweepRemovesAnOnHostLabsBridgeAndTableByTheirMarks() throws Exception {
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        List<String> linksBefore = linkNames(machine);
        // Someone else's bridge and table in the same namespace, unmarked: the sweep leaves them.
        Witness.run("ip", "-n", machine, "link", "add", "nstother0", "type", "bridge");
        Witness.run("ip", "netns", "exec", machine, "nft", "add", "table", "ip", "nslab-" + lab + "x");
        Nslab.Run up = Nslab.processIn(machine, Map.of(), "up", "--on-host", file.toString());
        assertEquals(0, up.code(), up.toString());
        assertEquals(io.nslab.cli.state.LabMark.of(lab).text(), Witness.ip(machine, "link", "show", "dev", "nslab0").get(0).path("ifalias").asText());
        // The state directory is gone (removed by hand, its layers tmpfs unmounted first, as rm -rf
        // alone stops at a mount point): only the marks say what is the lab's.
        io.nslab.cli.state.NodeLayers.unmount(io.nslab.cli.state.StateDir.of(lab).layers());
        try (var walk = java.nio.file.Files.walk(io.nslab.cli.state.StateDir.of(lab).dir())) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
        // A table of family ip6 an nslab before the inet table made for the lab's NAT66 rules, with its mark: swept too.
        Witness.run("ip", "netns", "exec", machine, "nft", "add", "table", "ip6", "nslab-" + lab,
                "{ comment \"" + io.nslab.cli.state.LabMark.of(lab).text() + "\" ; }");
        Nslab.Run down = Nslab.processIn(machine, Map.of(), "down", "--all");
        assertEquals(0, down.code(), down.toString());
        assertTrue(down.out().contains("removed bridge nslab0 of lab " + lab), down.toString());
        assertTrue(down.out().contains("removed nf_tables table ip6 nslab-" + lab + " of lab " + lab), down.toString());
        assertTrue(down.out().contains("removed nf_tables table inet nslab-" + lab + " of lab " + lab), down.toString());
        List<String> after = linkNames(machine);
        after.remove("nstother0");
        assertEquals(linksBefore, after, "the lab's links are gone, the other bridge stays");
        assertTrue(linkNames(machine).contains("nstother0"));
        String tables = Witness.nft(machine, "list", "tables").toString();
        assertTrue(!tables.contains("\"nslab-" + lab + "\""), tables);
        assertTrue(tables.contains("\"nslab-" + lab + "x\""), tables);
        LabTraces.assertNone(lab, lab, List.of());
    }

    /**
     * The shared {@code ip nat} table belongs to iptables-nft, Docker or firewalld: an
     * {@code --on-host} lab adds its own table beside it and leaves it exactly as it was, rules
     * and all, while the lab is up and after it is down.
     */
    @Test
    void anIpNatTableOfAnotherOwnerSurvivesAnOnHostLab() throws Exception {
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        for (String line : List.of("add table ip nat",
                "add chain ip nat POSTROUTING { type nat hook postrouting priority srcnat; policy accept; }",
                "add rule ip nat POSTROUTING ip saddr 192.0.2.0/24 oifname != \"docker0\" counter masquerade",
                "add chain ip nat PREROUTING { type nat hook prerouting priority dstnat; policy accept; }",
                "add rule ip nat PREROUTING tcp dport 2222 counter dnat to 192.0.2.2:22")) {
            Witness.run("ip", "netns", "exec", machine, "nft", line);
        }
        String theirs = natTable();
        assertTrue(theirs.contains("dnat to 192.0.2.2:22") && theirs.contains("masquerade"), theirs);
        Nslab.Run up = Nslab.processIn(machine, Map.of(), "up", "--on-host", file.toString());
        try {
            assertEquals(0, up.code(), up.toString());
            assertTrue(Witness.nft(machine, "list", "tables").toString().contains("nslab-" + lab));
            assertEquals(theirs, natTable(), "the ip nat table while the lab is up");
            assertEquals(0, Nslab.run("check", lab).code(), "the lab works beside it");
        } finally {
            Nslab.Run down = Nslab.processIn(machine, Map.of(), "down", lab);
            assertEquals(0, down.code(), down.toString());
        }
        assertEquals(theirs, natTable(), "the ip nat table after down");
        LabTraces.assertNone(lab, lab, List.of());
    }

    /** The machine's ip nat table, without counters (nft -s). */
    private String natTable() {
        return Witness.run("ip", "netns", "exec", machine, "nft", "-s", "list", "table", "ip", "nat");
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
