package io.nslab.netlink.nft;

import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.netlink.nft.expr.Bitwise;
import io.nslab.netlink.nft.expr.Cmp;
import io.nslab.netlink.nft.expr.Expression;
import io.nslab.netlink.nft.expr.Expressions;
import io.nslab.netlink.nft.expr.Meta;
import io.nslab.netlink.nft.expr.Payload;

/**
 * Golden bytes: the batch nft 1.0.6 sent for the same ruleset (nft -f, captured inside a
 * throwaway netns with {@code strace -f -e trace=sendmsg -e write=all}); nft numbers the
 * messages of a batch 0, 1, 2... and asks for no ACK, so neither do these.
 */
class NftMessagesTest {
    private static String hex(MessageBuilder m, int seq) {
        return HexFormat.of().formatHex(m.addFlags(1).build(seq, 0));
    }

    @Test
    void batchFrame() {
        assertEquals("140000001000010000000000000000000000000a", hex(NftMessages.batchBegin(), 0));
        assertEquals("140000001100010007000000000000000000000a", hex(NftMessages.batchEnd(), 7));
    }

    @Test
    void table() { // table inet nslab-t1
        assertEquals("2c000000000a01000100000000000000010000000d0001006e736c61622d7431000000000800020000000000",
                hex(NftMessages.newTable(Nft.NFPROTO_INET, "nslab-t1"), 1));
        // nft add table ip tcom '{ comment "nslab:lab:/run/nslab" ; }' (user data: type 0, length, the text and a NUL)
        assertEquals("44000000000a01000100000000000000020000000900010074636f6d000000000800020000000000"
                + "1b00060000156e736c61623a6c61623a2f72756e2f6e736c61620000",
                hex(NftMessages.newTable(Nft.NFPROTO_IPV4, "tcom", "nslab:lab:/run/nslab"), 1));
        assertEquals("nslab:lab:/run/nslab", NfTables.comment(HexFormat.of().parseHex("0015" + HexFormat.of().formatHex("nslab:lab:/run/nslab\0".getBytes()))));
        // nft delete table inet nslab-t1
        assertEquals("24000000020a01000100000000000000010000000d0001006e736c61622d743100000000",
                hex(NftMessages.deleteTable(Nft.NFPROTO_INET, "nslab-t1"), 1));
        // nft delete table ip nslab-t1: the table of an older nslab's lab (down still removes it)
        assertEquals("24000000020a01000100000000000000020000000d0001006e736c61622d743100000000",
                hex(NftMessages.deleteTable(Nft.NFPROTO_IPV4, "nslab-t1"), 1));
    }

    @Test
    void natChains() { // chain prerouting { type nat hook prerouting priority -100; policy accept; } and the others, in table inet nslab-t1
        assertEquals("58000000030a01040200000000000000010000000d0001006e736c61622d7431000000000f000300707265726f7574696e6700"
                + "00080007006e617400080005000000000114000480080001000000000008000200ffffff9c",
                hex(NftMessages.newBaseChain(Nft.NFPROTO_INET, "nslab-t1", "prerouting", "nat", Nft.NF_INET_PRE_ROUTING, Nft.PRIORITY_DSTNAT), 2));
        assertEquals("54000000030a01040300000000000000010000000d0001006e736c61622d7431000000000b0003006f75747075740000080007"
                + "006e617400080005000000000114000480080001000000000308000200ffffff9c",
                hex(NftMessages.newBaseChain(Nft.NFPROTO_INET, "nslab-t1", "output", "nat", Nft.NF_INET_LOCAL_OUT, Nft.PRIORITY_DSTNAT), 3));
        assertEquals("58000000030a01040400000000000000010000000d0001006e736c61622d74310000000010000300706f7374726f7574696e67"
                + "00080007006e61740008000500000000011400048008000100000000040800020000000064",
                hex(NftMessages.newBaseChain(Nft.NFPROTO_INET, "nslab-t1", "postrouting", "nat", Nft.NF_INET_POST_ROUTING, Nft.PRIORITY_SRCNAT), 4));
    }

    // The rules below are from one capture of nft -f (nft 1.0.6, 2026-12-07) loading
    // table inet nslab-t1 { the chains above, the two dnat rules, the masquerade rules }.

    static final String MASQUERADE_RULE = // ip saddr 172.20.0.0/24 oifname != "nslab0" counter masquerade: nft puts meta nfproto ipv4 first
            "6c010000060a010c0700000000000000010000000d0001006e736c61622d74310000000010000200706f7374726f7574696e6700380104802400"
            + "0180090001006d6574610000000014000280080002000000000f08000100000000012c00018008000100636d700020000280080001000000000108"
            + "000200000000000c0003800500010002000000340001800c0001007061796c6f6164002400028008000100000000010800020000000001080003"
            + "000000000c08000400000000032c00018008000100636d700020000280080001000000000108000200000000000c00038007000100ac14000024"
            + "000180090001006d6574610000000014000280080002000000000708000100000000013800018008000100636d70002c00028008000100000000"
            + "01080002000000000118000380140001006e736c61623000000000000000000000140001800c000100636f756e74657200040002801400018009"
            + "0001006d6173710000000004000280";

    static final String DNAT_RULE = // fib daddr type local tcp dport 8080 counter dnat ip to 172.20.0.10:80: the nat expression says ip
            "e0010000060a010c0500000000000000010000000d0001006e736c61622d7431000000000f000200707265726f7574696e670000ac010480"
            + "2800018008000100666962001c0002800800030000000002080002000000000308000100000000012c00018008000100636d7000200002800800"
            + "01000000000108000200000000000c000380080001000200000024000180090001006d6574610000000014000280080002000000001008000100"
            + "000000012c00018008000100636d700020000280080001000000000108000200000000000c0003800500010006000000340001800c0001007061"
            + "796c6f6164002400028008000100000000010800020000000002080003000000000208000400000000022c00018008000100636d700020000280"
            + "080001000000000108000200000000000c000380060001001f900000140001800c000100636f756e74657200040002802c0001800e000100696d"
            + "6d6564696174650000001800028008000100000000010c00028008000100ac14000a2c0001800e000100696d6d6564696174650000001800028008"
            + "000100000000020c000280060001000050000038000180080001006e6174002c000280080001000000000108000200000000020800030000000001"
            + "08000500000000020800070000000002";

    @Test
    void masqueradeRule() {
        assertEquals(MASQUERADE_RULE, hex(NftMessages.newRule(Nft.NFPROTO_INET, "nslab-t1", "postrouting",
                NatRules.masquerade(new Masquerade(Cidr.parse("172.20.0.0/24"), "nslab0"))), 7));
    }

    @Test
    void dnatRule() {
        assertEquals(DNAT_RULE, hex(NftMessages.newRule(Nft.NFPROTO_INET, "nslab-t1", "prerouting",
                NatRules.dnat(new Dnat("tcp", 8080, IpAddress.parse("172.20.0.10"), 80))), 5));
    }

    @Test
    void ipv6MasqueradeRules() {
        // ip6 saddr fd00:20::/64 oifname != "nslab0" counter masquerade: meta nfproto ipv6, then 8 bytes at offset 8 compared
        assertEquals("70010000060a010c0800000000000000010000000d0001006e736c61622d74310000000010000200706f7374726f7574696e67003c010480"
                + "24000180090001006d6574610000000014000280080002000000000f08000100000000012c00018008000100636d70002000028008000100"
                + "0000000108000200000000000c000380050001000a000000340001800c0001007061796c6f61640024000280080001000000000108000200"
                + "000000010800030000000008080004000000000830000180080001006" + "36d70002400028008000100000000010800020000000000100003800c000100"
                + "fd0000200000000024000180090001006d6574610000000014000280080002000000000708000100000000013800018008000100636d7000"
                + "2c0002800800010000000001080002000000000118000380140001006e736c61623000000000000000000000140001800c000100636f756e"
                + "746572000400028014000180090001006d6173710000000004000280",
                hex(NftMessages.newRule(Nft.NFPROTO_INET, "nslab-t1", "postrouting",
                        NatRules.masquerade(new Masquerade(Cidr.parse("fd00:20::/64"), "nslab0"))), 8));
        // ip6 saddr fd00:20::/60 counter masquerade: all 16 bytes loaded, masked, compared
        assertEquals("78010000060a010c0900000000000000010000000d0001006e736c61622d74310000000010000200706f7374726f7574696e670044010480"
                + "24000180090001006d6574610000000014000280080002000000000f08000100000000012c00018008000100636d70002000028008000100"
                + "0000000108000200000000000c000380050001000a000000340001800c0001007061796c6f61640024000280080001000000000108000200"
                + "0000000108000300000000080800040000000010" + "5c0001800c00010062697477697365004c000280080001000000000108000200000000"
                + "0108000300000000101800048014000100fffffffffffffff000000000000000001800058014000100000000000000000000000000000000"
                + "003800018008000100636d70002c000280080001000000000108000200000000001800038014000100fd0000200000000000000000000000"
                + "00140001800c000100636f756e746572000400028014000180090001006d6173710000000004000280",
                hex(NftMessages.newRule(Nft.NFPROTO_INET, "nslab-t1", "postrouting",
                        NatRules.masquerade(new Masquerade(Cidr.parse("fd00:20::/60"), null))), 9));
        // meta nfproto ipv4 counter masquerade: a source of 0.0.0.0/0 is the family match alone
        assertEquals("b0000000060a010c0a00000000000000010000000d0001006e736c61622d74310000000010000200706f7374726f7574696e67007c000480"
                + "24000180090001006d6574610000000014000280080002000000000f08000100000000012c00018008000100636d70002000028008000100"
                + "0000000108000200000000000c0003800500010002000000140001800c000100636f756e746572000400028014000180090001006d617371"
                + "0000000004000280",
                hex(NftMessages.newRule(Nft.NFPROTO_INET, "nslab-t1", "postrouting",
                        NatRules.masquerade(new Masquerade(Cidr.parse("0.0.0.0/0"), null))), 10));
    }

    @Test
    void ipv6DnatRule() { // fib daddr type local tcp dport 8080 counter dnat ip6 to [fd00:20::10]:80: 16 bytes in reg 1, nat family ip6
        assertEquals("ec010000060a010c0600000000000000010000000d0001006e736c61622d7431000000000f000200707265726f7574696e670000b8010480"
                + "2800018008000100666962001c0002800800030000000002080002000000000308000100000000012c00018008000100636d700020000280"
                + "080001000000000108000200000000000c000380080001000200000024000180090001006d65746100000000140002800800020000000010"
                + "08000100000000012c00018008000100636d700020000280080001000000000108000200000000000c000380050001000600000034000180"
                + "0c0001007061796c6f6164002400028008000100000000010800020000000002080003000000000208000400000000022c00018008000100"
                + "636d700020000280080001000000000108000200000000000c000380060001001f900000140001800c000100636f756e7465720004000280"
                + "380001800e000100696d6d6564696174650000002400028008000100000000011800028014000100fd000020000000000000000000000010"
                + "2c0001800e000100696d6d6564696174650000001800028008000100000000020c000280060001000050000038000180080001006e617400"
                + "2c0002800800010000000001080002000000000a080003000000000108000500000000020800070000000002",
                hex(NftMessages.newRule(Nft.NFPROTO_INET, "nslab-t1", "prerouting",
                        NatRules.dnat(new Dnat("tcp", 8080, IpAddress.parse("fd00:20::10"), 80))), 6));
    }

    @Test
    void prefixNotOnAByteBoundaryIsMasked() { // add rule ip x y ip saddr 172.20.0.0/23 meta l4proto udp
        List<Expression> e = List.of(new Payload(Payload.NETWORK_HEADER, 12, 4, 1),
                new Bitwise(1, 1, new byte[] {-1, -1, -2, 0}, new byte[4]),
                new Cmp(1, Cmp.EQ, new byte[] {(byte) 172, 20, 0, 0}),
                new Meta(Meta.L4PROTO, 1), new Cmp(1, Cmp.EQ, new byte[] {17}));
        assertEquals("1c010000060a010c01000000000000000200000006000100780000000600020079000000f8000480340001800c0001007061796c6f6164"
                + "002400028008000100000000010800020000000001080003000000000c0800040000000004440001800c000100626974776973650034000280"
                + "0800010000000001080002000000000108000300000000040c00048008000100fffffe000c00058008000100000000002c00018008000100636d"
                + "700020000280080001000000000108000200000000000c00038008000100ac14000024000180090001006d657461000000001400028008000200"
                + "0000001008000100000000012c00018008000100636d700020000280080001000000000108000200000000000c0003800500010011000000",
                hex(NftMessages.newRule(2, "x", "y", e), 1));
        // ... and the library compiles a /23 the same way.
        assertEquals(e.subList(0, 3), NatRules.masquerade(new Masquerade(Cidr.parse("172.20.0.0/23"), null)).subList(2, 5));
    }

    @Test
    void rulesDecodeBackToWhatTheyMean() {
        for (Masquerade m : List.of(new Masquerade(Cidr.parse("172.20.0.0/24"), "nslab0"), new Masquerade(Cidr.parse("10.1.0.0/23"), null),
                new Masquerade(Cidr.parse("10.1.2.3/32"), "br-x"), new Masquerade(Cidr.parse("0.0.0.0/0"), "eth0"))) {
            assertEquals(m, NatRules.parseMasquerade(decode(NatRules.masquerade(m))));
            assertNull(NatRules.parseDnat(decode(NatRules.masquerade(m))));
        }
        Dnat d = new Dnat("udp", 5353, IpAddress.parse("172.20.0.10"), 53);
        assertEquals(d, NatRules.parseDnat(decode(NatRules.dnat(d))));
        assertNull(NatRules.parseMasquerade(decode(NatRules.dnat(d))));
        for (Masquerade m : List.of(new Masquerade(Cidr.parse("fd00:20::/64"), "nslab0"), new Masquerade(Cidr.parse("fd00:20::/60"), null),
                new Masquerade(Cidr.parse("fd00::1/128"), "br-x"), new Masquerade(Cidr.parse("::/0"), "eth0"))) {
            assertEquals(m, NatRules.parseMasquerade(decode(NatRules.masquerade(m))));
        }
        Dnat d6 = new Dnat("tcp", 8080, IpAddress.parse("fd00:20::10"), 80);
        assertEquals(d6, NatRules.parseDnat(decode(NatRules.dnat(d6))));
    }

    /** Through the wire format and back, as the kernel would list it. */
    private static List<Expression> decode(List<Expression> expressions) {
        MessageBuilder m = NftMessages.newRule(2, "t", "c", expressions);
        return Expressions.decode(Message.parse(m.build(0, 0)).attributes(4).nested(Nft.NFTA_RULE_EXPRESSIONS));
    }

    @Test
    void invalidRulesAreRefusedBeforeTheKernelSeesThem() {
        assertThrows(IllegalArgumentException.class, () -> new Masquerade(Cidr.parse("172.20.0.0/33"), null));
        assertThrows(IllegalArgumentException.class, () -> new Dnat("sctp", 80, IpAddress.parse("10.0.0.1"), 80));
        assertThrows(IllegalArgumentException.class, () -> new Dnat("tcp", 0, IpAddress.parse("10.0.0.1"), 80));
        assertThrows(IllegalArgumentException.class, () -> new Dnat("tcp", 80, IpAddress.parse("10.0.0.256"), 80));
    }
}
