package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;

/**
 * IPv6 labs end to end, with iproute2, nft, ping and curl run in the nodes' namespaces as the
 * independent witnesses: a routed IPv6-only lab (a - r - b, links and no bridge), and the ipv6
 * lesson's lab for NAT66 (masquerade and a published port in the lab's table of family inet)
 * and for what ls and inspect show of IPv6.
 */
@KernelTest
class Ipv6LabTest {
    @TempDir Path tmp;

    @Test
    void ipv6OnlyThroughARouterNode() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.resource("routed6.json"), lab, tmp);
        LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
        try {
            Nslab.Run up = Nslab.run("up", file.toString());
            assertEquals(0, up.code(), up.toString());
            footprint = LabTraces.footprint(lab);

            // ip -6 -j: a's address is there and usable at once (nodad: never tentative), its
            // default route goes to r, and a has no IPv4 address at all.
            JsonNode addr = Witness.ip(lab + "-a", "-6", "addr", "show", "dev", "eth0").get(0);
            List<String> global = new ArrayList<>();
            for (JsonNode a : addr.path("addr_info")) {
                if (a.path("scope").asText().equals("global")) global.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
                assertFalse(a.has("tentative"), "a usable address: " + a);
            }
            assertEquals(List.of("fd00:41::2/64"), global, addr.toString());
            assertTrue(addr.toString().contains("\"local\":\"fe80::"), "a link-local address beside it: " + addr);
            assertEquals(0, Witness.ip(lab + "-a", "-4", "addr", "show", "dev", "eth0").path(0).path("addr_info").size());
            JsonNode route = Witness.ip(lab + "-a", "-6", "route", "show", "default").get(0);
            assertEquals("fd00:41::1", route.path("gateway").asText(), route.toString());
            JsonNode back = Witness.ip(lab + "-b", "-6", "route", "show", "fd00:41::/64").get(0);
            assertEquals("fd00:42::1", back.path("gateway").asText(), back.toString());
            assertEquals("1\n", Witness.run("ip", "netns", "exec", lab + "-r", "cat", "/proc/sys/net/ipv6/conf/all/forwarding"));

            // ping, TCP and HTTP over IPv6 through r, by real programs.
            String ping = Witness.run("ip", "netns", "exec", lab + "-a", "ping", "-6", "-c1", "-W2", "fd00:42::2");
            assertTrue(ping.contains("1 received"), ping);
            // bash's /dev/tcp as the TCP client (getaddrinfo takes the IPv6 literal), against b's tcp-echo.
            String echo = Witness.run("ip", "netns", "exec", lab + "-a", "timeout", "5", "bash", "-c",
                    "exec 3<>/dev/tcp/fd00:42::2/7; echo hello6 >&3; head -c 7 <&3");
            assertTrue(echo.contains("hello6"), echo);
            String http = Witness.run("ip", "netns", "exec", lab + "-a", "curl", "-sS", "-m3", "http://[fd00:42::2]/");
            assertTrue(http.contains("\"hostname\":\"b\"") && http.contains("\"remote\":\"[fd00:41::2]:"), http);
            // r saw the traffic as a router: its neighbours on both sides are known by NDP.
            String neigh = Witness.run("ip", "-n", lab + "-r", "-6", "neigh", "show");
            assertTrue(neigh.contains("fd00:41::2") && neigh.contains("fd00:42::2"), neigh);

            // The lab's own checks over IPv6 (ping, tcp and http probes from inside a).
            Nslab.Run check = Nslab.run("check", lab);
            assertEquals(0, check.code(), check.toString());
            assertEquals(4, check.out().lines().filter(l -> l.startsWith("PASS")).count(), check.out());
        } finally {
            Nslab.Run down = Nslab.run("down", lab);
            assertEquals(0, down.code(), down.toString());
        }
        LabTraces.assertNone(lab, footprint);
    }

    @Test
    void nat66AndWhatLsAndInspectShow() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/ipv6.json"), lab, tmp);
        LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
        try {
            Nslab.Run up = Nslab.run("up", file.toString());
            assertEquals(0, up.code(), up.toString());
            footprint = LabTraces.footprint(lab);

            // nft -j: one table, family inet, in the lab's host side, holding both families' rules.
            JsonNode ruleset = Witness.nft(lab, "list", "ruleset").get("nftables");
            List<String> tables = new ArrayList<>();
            for (JsonNode n : ruleset) if (n.has("table")) tables.add(n.get("table").get("family").asText() + " " + n.get("table").get("name").asText());
            assertEquals(List.of("inet nslab-" + lab), tables);
            String rules = ruleset.toString();
            assertTrue(rules.contains("{\"dnat\":{\"family\":\"ip6\",\"addr\":\"fd00:31::10\",\"port\":80}}"), rules);
            assertTrue(rules.contains("{\"dnat\":{\"family\":\"ip\",\"addr\":\"172.31.0.2\",\"port\":80}}"), rules);
            assertTrue(rules.contains("\"prefix\":{\"addr\":\"fd00:31::\",\"len\":64}"), rules);

            // Masquerade: isp (no route back to fd00:31::/64) sees the host side's IPv6 address on wan0.
            String masq = exec(lab, "client", "curl", "-sS", "-m3", "http://[2001:db8:31::2]/");
            assertTrue(masq.contains("\"hostname\":\"isp\"") && masq.contains("\"remote\":\"[2001:db8:31::1]:"), masq);
            // A published port over IPv6: isp reaches web through the host side's IPv6 address, and web sees isp.
            String dnat = exec(lab, "isp", "curl", "-sS", "-m3", "http://[2001:db8:31::1]:8080/");
            assertTrue(dnat.contains("\"hostname\":\"web\"") && dnat.contains("\"remote\":\"[2001:db8:31::2]:"), dnat);
            // ... and the rules counted them (nft -j, the inet table's IPv6 rules).
            assertTrue(countedBy(lab, "postrouting", "fd00:31::") >= 1, ruleset.toString());
            assertTrue(countedBy(lab, "prerouting", "fd00:31::10") >= 1, ruleset.toString());

            // ls: the IPV4 and IPV6 columns, and the networks in --json.
            Nslab.Run ls = Nslab.run("ls");
            assertTrue(ls.out().lines().findFirst().orElse("").matches("LAB\\s+NODES\\s+IPV4\\s+IPV6\\s+HOST SIDE.*"), ls.out());
            String row = ls.out().lines().filter(l -> l.startsWith(lab + " ")).findFirst().orElse("");
            assertTrue(row.contains("172.31.0.0/24") && row.contains("fd00:31::/64 fd00:32::/64 +1"), ls.out());
            JsonNode lsJson = Nslab.run("ls", "--json").json().get("labs");
            JsonNode mine = null;
            for (JsonNode l : lsJson) if (l.path("lab").asText().equals(lab)) mine = l;
            assertEquals("[\"172.31.0.0/24\"]", mine.get("ipv4").toString(), lsJson.toString());
            assertEquals("[\"fd00:31::/64\",\"fd00:32::/64\",\"2001:db8:31::/64\"]", mine.get("ipv6").toString(), lsJson.toString());

            // inspect: the node's interfaces with both families (text and --json); far has IPv6 only.
            String web = Nslab.run("inspect", "-l", lab, "web").out();
            assertTrue(web.matches("(?s).*\n  eth0 +up +IPv4 172\\.31\\.0\\.2/24 IPv6 fd00:31::10/64 fe80::\\S+/64\n.*"), web);
            JsonNode far = Nslab.run("inspect", "-l", lab, "--json", "far").json().get("interfaces").get(0);
            assertEquals("eth0", far.get("name").asText());
            assertEquals("[]", far.get("ipv4").toString(), far.toString());
            assertEquals("fd00:32::2/64", far.get("ipv6").get(0).asText(), far.toString());
        } finally {
            Nslab.Run down = Nslab.run("down", lab);
            assertEquals(0, down.code(), down.toString());
        }
        LabTraces.assertNone(lab, footprint);
    }

    /** Packets counted by the rules of a chain of the lab's inet table that mention {@code address}. */
    private static long countedBy(String lab, String chain, String address) {
        long packets = 0;
        for (JsonNode item : Witness.nft(lab, "list", "chain", "inet", "nslab-" + lab, chain).path("nftables")) {
            JsonNode expr = item.path("rule").path("expr");
            if (!expr.toString().contains("\"" + address + "\"")) continue;
            for (JsonNode e : expr) if (e.has("counter")) packets += e.path("counter").path("packets").asLong();
        }
        return packets;
    }

    /** Runs CMD in NODE through {@code nslab exec} and returns its output. */
    private static String exec(String lab, String node, String... cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("exec", "-l", lab, node));
        args.addAll(List.of(cmd));
        Nslab.Run run = Nslab.process(Map.of(), args.toArray(String[]::new));
        assertEquals(0, run.code(), run.toString());
        return run.out();
    }
}
