package io.nslab.netlink.nft;

import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.socket.Request;
import io.nslab.sys.SysException;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

@KernelTest
class NfTablesTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    private static final NatTable LAB = new NatTable("nslab-t1",
            List.of(new Masquerade(Cidr.parse("172.20.0.0/24"), "nslab0")),
            List.of(new Dnat("tcp", 8080, IpAddress.parse("172.20.0.10"), 80), new Dnat("udp", 5353, IpAddress.parse("172.20.0.11"), 53)));

    /** nft's own text of the table, one trimmed line per line. */
    private static List<String> nftText(NetNs ns, String table) {
        String text = Witness.run("ip", "netns", "exec", ns.name(), "nft", "list", "table", "inet", table);
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isBlank()) lines.add(l.trim());
        return lines;
    }

    @Test
    void natTableIsWhatNftSees() {
        NetNs ns = throwaway.create();
        try (NfTables nft = NfTables.open(ns)) {
            assertFalse(nft.hasTable("nslab-t1"));
            nft.applyNat(LAB);
            assertTrue(nft.hasTable("nslab-t1"));
            assertEquals(List.of(
                    "table inet nslab-t1 {",
                    "chain prerouting {",
                    "type nat hook prerouting priority dstnat; policy accept;",
                    "fib daddr type local tcp dport 8080 counter packets 0 bytes 0 dnat ip to 172.20.0.10:80",
                    "fib daddr type local udp dport 5353 counter packets 0 bytes 0 dnat ip to 172.20.0.11:53",
                    "}",
                    "chain output {",
                    "type nat hook output priority -100; policy accept;",
                    "fib daddr type local tcp dport 8080 counter packets 0 bytes 0 dnat ip to 172.20.0.10:80",
                    "fib daddr type local udp dport 5353 counter packets 0 bytes 0 dnat ip to 172.20.0.11:53",
                    "}",
                    "chain postrouting {",
                    "type nat hook postrouting priority srcnat; policy accept;",
                    "ip saddr 172.20.0.0/24 oifname != \"nslab0\" counter packets 0 bytes 0 masquerade",
                    "}",
                    "}"), nftText(ns, "nslab-t1"));
            // The JSON witness agrees on the table's family and the chains' hooks and priorities.
            JsonNode ruleset = Witness.nft(ns.name(), "list", "ruleset").get("nftables");
            List<String> chains = new ArrayList<>();
            for (JsonNode n : ruleset) {
                JsonNode c = n.get("chain");
                if (c != null) chains.add(c.get("family").asText() + " " + c.get("table").asText() + " " + c.get("name").asText()
                        + " " + c.get("type").asText() + " " + c.get("hook").asText() + " " + c.get("prio").asInt());
            }
            assertEquals(List.of("inet nslab-t1 prerouting nat prerouting -100", "inet nslab-t1 output nat output -100",
                    "inet nslab-t1 postrouting nat postrouting 100"), chains);

            assertEquals(LAB, nft.listNat("nslab-t1"));
            assertEquals(5, nft.rules("nslab-t1").size());
        }
    }

    @Test
    void ipv6RulesGoInTheSameTableOfFamilyInet() {
        NetNs ns = throwaway.create();
        NatTable dual = new NatTable("nslab-t6",
                List.of(new Masquerade(Cidr.parse("172.20.0.0/24"), "nslab0"), new Masquerade(Cidr.parse("fd00:20::/64"), "nslab0")),
                List.of(new Dnat("tcp", 8080, IpAddress.parse("172.20.0.10"), 80), new Dnat("tcp", 8080, IpAddress.parse("fd00:20::10"), 80)),
                "nslab:t6:/run/nslab");
        try (NfTables nft = NfTables.open(ns)) {
            nft.applyNat(dual);
            // nft -j as the witness: one table, family inet, each rule in nft's own terms with its family.
            JsonNode ruleset = Witness.nft(ns.name(), "list", "ruleset").get("nftables");
            List<String> rules = new ArrayList<>();
            List<String> tables = new ArrayList<>();
            for (JsonNode n : ruleset) {
                JsonNode r = n.get("rule");
                if (r != null) rules.add(r.get("family").asText() + " " + r.get("chain").asText() + " " + r.get("expr").toString());
                if (n.has("table")) tables.add(n.get("table").get("family").asText() + " " + n.get("table").get("name").asText());
            }
            assertEquals(List.of("inet nslab-t6"), tables);
            assertEquals(6, rules.size(), rules.toString());
            assertTrue(rules.contains("inet postrouting [{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip6\",\"field\":\"saddr\"}},"
                    + "\"right\":{\"prefix\":{\"addr\":\"fd00:20::\",\"len\":64}}}},{\"match\":{\"op\":\"!=\",\"left\":{\"meta\":{\"key\":\"oifname\"}},"
                    + "\"right\":\"nslab0\"}},{\"counter\":{\"packets\":0,\"bytes\":0}},{\"masquerade\":null}]"), rules.toString());
            for (String chain : List.of("prerouting", "output")) {
                assertTrue(rules.stream().anyMatch(r -> r.startsWith("inet " + chain + " ")
                        && r.contains("{\"dnat\":{\"family\":\"ip6\",\"addr\":\"fd00:20::10\",\"port\":80}}")), rules.toString());
                assertTrue(rules.stream().anyMatch(r -> r.startsWith("inet " + chain + " ")
                        && r.contains("{\"dnat\":{\"family\":\"ip\",\"addr\":\"172.20.0.10\",\"port\":80}}")), rules.toString());
            }
            List<String> text = nftText(ns, "nslab-t6");
            assertTrue(text.contains("comment \"nslab:t6:/run/nslab\""), text.toString());
            assertTrue(text.contains("ip6 saddr fd00:20::/64 oifname != \"nslab0\" counter packets 0 bytes 0 masquerade"), text.toString());
            assertTrue(text.contains("fib daddr type local tcp dport 8080 counter packets 0 bytes 0 dnat ip6 to [fd00:20::10]:80"), text.toString());
            assertTrue(nft.tables().contains(new NfTables.Table("inet", "nslab-t6", "nslab:t6:/run/nslab")), nft.tables().toString());
            assertEquals(new NatTable("nslab-t6", dual.masquerades(), dual.dnats()), nft.listNat("nslab-t6"));

            nft.deleteTable("nslab-t6");
            assertEquals("[]", Witness.nft(ns.name(), "list", "tables").get("nftables").findValues("table").toString());
            assertEquals("ENOENT", assertThrows(SysException.class, () -> nft.listNat("nslab-t6")).errnoName());
        }
    }

    /**
     * A lab made by an nslab before the inet table had its NAT in a table of family ip and one of
     * family ip6 (made here by nft, in that shape): tables() lists them with their comments (the
     * lab's mark, by which down and the sweep know them), and each can be deleted by its family;
     * deleting the inet table of that name leaves them.
     */
    @Test
    void theIpAndIp6TablesOfAnOlderNslabAreListedAndDeletedByFamily() {
        NetNs ns = throwaway.create();
        nftScript(ns, String.join("\n",
                "table ip nslab-old {", "  comment \"nslab:old:/run/nslab\"",
                "  chain postrouting { type nat hook postrouting priority srcnat; policy accept;",
                "    ip saddr 172.20.0.0/24 oifname != \"nslab0\" counter masquerade;", "  }", "}",
                "table ip6 nslab-old {", "  comment \"nslab:old:/run/nslab\"",
                "  chain postrouting { type nat hook postrouting priority srcnat; policy accept;",
                "    ip6 saddr fd00:20::/64 oifname != \"nslab0\" counter masquerade;", "  }", "}",
                "table ip other { }", ""));
        try (NfTables nft = NfTables.open(ns)) {
            assertEquals(List.of(new NfTables.Table("ip", "nslab-old", "nslab:old:/run/nslab"), new NfTables.Table("ip6", "nslab-old", "nslab:old:/run/nslab"),
                    new NfTables.Table("ip", "other", null)), nft.tables());
            assertFalse(nft.hasTable("nslab-old"), "no table of family inet");
            nft.deleteTable("nslab-old");
            assertEquals(3, nft.tables().size(), "only the inet table of that name is deleted: " + nft.tables());
            nft.deleteTable("ip", "nslab-old");
            nft.deleteTable("ip6", "nslab-old");
            nft.deleteTable("ip6", "nslab-old");
            assertEquals(List.of(new NfTables.Table("ip", "other", null)), nft.tables());
            assertThrows(IllegalArgumentException.class, () -> nft.deleteTable("bridge", "other"));
        }
        String left = Witness.nft(ns.name(), "list", "tables").get("nftables").findValues("table").toString();
        assertFalse(left.contains("nslab-old"), left);
    }

    @Test
    void applyReplacesThePreviousTableAndDeleteToleratesAbsence() {
        NetNs ns = throwaway.create();
        try (NfTables nft = NfTables.open(ns)) {
            nft.applyNat(LAB);
            NatTable smaller = new NatTable("nslab-t1", List.of(new Masquerade(Cidr.parse("10.9.0.0/16"), null)), List.of());
            nft.applyNat(smaller);
            assertEquals(smaller, nft.listNat("nslab-t1"));
            List<String> text = nftText(ns, "nslab-t1");
            assertTrue(text.contains("ip saddr 10.9.0.0/16 counter packets 0 bytes 0 masquerade"), text.toString());
            assertFalse(String.join("\n", text).contains("dnat"), text.toString());

            // Someone else's table is left alone.
            Witness.run("ip", "netns", "exec", ns.name(), "nft", "add", "table", "ip", "other");
            nft.deleteTable("nslab-t1");
            assertFalse(nft.hasTable("nslab-t1"));
            nft.deleteTable("nslab-t1");
            JsonNode tables = Witness.nft(ns.name(), "list", "tables").get("nftables");
            assertTrue(tables.toString().contains("\"name\":\"other\""));
            assertFalse(tables.toString().contains("nslab-t1"));
            assertEquals("ENOENT", assertThrows(SysException.class, () -> nft.listNat("nslab-t1")).errnoName());
        }
    }

    @Test
    void aTableCarriesItsCommentAndTablesListsThem() {
        NetNs ns = throwaway.create();
        try (NfTables nft = NfTables.open(ns)) {
            nft.applyNat(new NatTable("nslab-t3", List.of(new Masquerade(Cidr.parse("10.9.0.0/16"), null)), List.of(), "nslab:t3:/run/nslab"));
            assertTrue(nftText(ns, "nslab-t3").contains("comment \"nslab:t3:/run/nslab\""), nftText(ns, "nslab-t3").toString());
            Witness.run("ip", "netns", "exec", ns.name(), "nft", "add", "table", "ip", "plain");
            Witness.run("ip", "netns", "exec", ns.name(), "nft", "add", "table", "ip", "noted", "{ comment \"by nft\" ; }");
            Witness.run("ip", "netns", "exec", ns.name(), "nft", "add", "table", "ip6", "six", "{ comment \"v6\" ; }");
            Witness.run("ip", "netns", "exec", ns.name(), "nft", "add", "table", "bridge", "neither");
            assertEquals(List.of(new NfTables.Table("inet", "nslab-t3", "nslab:t3:/run/nslab"), new NfTables.Table("ip", "plain", null),
                    new NfTables.Table("ip", "noted", "by nft"), new NfTables.Table("ip6", "six", "v6")), nft.tables());
        }
    }

    @Test
    void aFailingBatchChangesNothing() {
        NetNs ns = throwaway.create();
        try (NfTables nft = NfTables.open(ns)) {
            nft.applyNat(LAB);
            List<String> before = nftText(ns, "nslab-t1");
            SysException e = assertThrows(SysException.class, () -> nft.transaction(List.of(
                    new Request(NftMessages.deleteTable(Nft.NFPROTO_INET, "nslab-t1"), "delete table"),
                    new Request(NftMessages.newTable(Nft.NFPROTO_INET, "nslab-t2"), "create table t2"),
                    new Request(NftMessages.newRule(Nft.NFPROTO_INET, "nslab-t2", "nosuchchain",
                            NatRules.masquerade(new Masquerade(Cidr.parse("10.0.0.0/8"), null))), "add rule to a missing chain"))));
            assertEquals("ENOENT", e.errnoName());
            assertTrue(e.getMessage().startsWith("add rule to a missing chain: ENOENT"), e.getMessage());
            assertEquals(before, nftText(ns, "nslab-t1"));
            assertFalse(nft.hasTable("nslab-t2"));
        }
    }

    @Test
    void chainsListsEveryFamilyWithHooksAndPolicies() {
        NetNs ns = throwaway.create();
        try (NfTables nft = NfTables.open(ns)) {
            assertEquals(List.of(), nft.chains());
            // The shapes the doctor looks for: iptables-nft's FORWARD with policy drop, an inet
            // forward chain, a bridge one, an ip6 one (not IPv4 traffic) and a regular chain.
            nftScript(ns, String.join("\n",
                    "table ip filter {",
                    "  chain FORWARD { type filter hook forward priority 0; policy drop; }",
                    "  chain INPUT { type filter hook input priority 0; policy accept; }",
                    "  chain DOCKER { }",
                    "}",
                    "table inet fw {", "  chain routed { type filter hook forward priority 10; policy accept; }", "}",
                    "table bridge br {", "  chain forward { type filter hook forward priority -200; policy drop; }", "}",
                    "table ip6 six {", "  chain forward { type filter hook forward priority 0; policy drop; }", "}", ""));
            nft.applyNat(LAB);
            List<Chain> chains = nft.chains();
            List<String> seen = new ArrayList<>();
            for (Chain c : chains) {
                seen.add(c + (c.isBase() ? " " + c.type() + " hook " + c.hook() + " prio " + c.priority()
                        + (c.dropsByDefault() ? " drop" : " accept") : " regular"));
            }
            seen.sort(null);
            assertEquals(List.of(
                    "bridge br forward filter hook 2 prio -200 drop",
                    "inet fw routed filter hook 2 prio 10 accept",
                    "inet nslab-t1 output nat hook 3 prio -100 accept",
                    "inet nslab-t1 postrouting nat hook 4 prio 100 accept",
                    "inet nslab-t1 prerouting nat hook 0 prio -100 accept",
                    "ip filter DOCKER regular",
                    "ip filter FORWARD filter hook 2 prio 0 drop",
                    "ip filter INPUT filter hook 1 prio 0 accept",
                    "ip6 six forward filter hook 2 prio 0 drop"), seen);
            List<String> dropping = chains.stream().filter(c -> c.isForward() && c.dropsByDefault()).map(Chain::toString).sorted().toList();
            assertEquals(List.of("bridge br forward", "ip filter FORWARD"), dropping);
        }
    }

    /** Loads an nft script into the namespace (nft as a witness-side tool, to build a ruleset nslab did not make). */
    private static void nftScript(NetNs ns, String script) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", ns.name(), "nft", "-f", "-").redirectErrorStream(true).start();
            p.getOutputStream().write(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
