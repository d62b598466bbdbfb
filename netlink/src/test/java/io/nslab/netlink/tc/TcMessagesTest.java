package io.nslab.netlink.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.netlink.msg.Netlink;

/**
 * Golden bytes: what iproute2's tc (6.x) sent for the same command, captured inside a throwaway
 * netns with {@code strace -f -e trace=sendmsg -e write=all tc ...} (x86_64, little-endian; the
 * link va is index 3, the tap tp0 index 4). The netem requests were captured on a kernel without
 * netem, which refused them after strace had recorded them.
 */
class TcMessagesTest {
    private static final int SEQ = 0x6b14df1f;

    private static String hex(MessageBuilder m, int seq) {
        return HexFormat.of().formatHex(m.addFlags(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK).build(seq, 0));
    }

    @Test
    void tbf() { // tc qdisc replace dev va root handle 1: tbf rate 10mbit burst 6250 limit 68750
        String golden = "64040000240005051fdf146b00000000000000000300000000000100ffffffff000000000800010074626600380402002800010003010000"
                + "ffff0000d01213000000000000000000000000008e0c01002d31010000000000080006006a1800000404020";
        String ours = hex(Tbf.replaceRoot(3, 10_000_000), SEQ);
        assertEquals(golden, ours.substring(0, golden.length()));
        assertEquals(0x464, ours.length() / 2);
        // the rate table: the time to send 8, 16, ... 2048 bytes, in ticks, as tc computed it
        assertEquals("5d000000bb0000002801000086010000f401000051020000", ours.substring(golden.length() + 1, golden.length() + 49));
        assertEquals("f9630000", ours.substring(ours.length() - 8));
    }

    @Test
    void tbfChoosesBurstAndLimit() { // 10mbit: 5 ms (6250 bytes) of burst, 50 ms more of queue
        assertEquals(6250, Tbf.burst(1_250_000));
        assertEquals(68750, Tbf.limit(1_250_000));
        assertEquals(3028, Tbf.burst(12_500)); // 100kbit: two frames at least
    }

    @Test
    void netemAtRoot() { // tc qdisc replace dev va root handle 10: netem delay 20ms 5ms loss 10%
        assertEquals("4c000000240005051fdf146b00000000000000000300000000001000ffffffff000000000a0001006e6574656d0000001c000200"
                + "b4c40400e80300009a99991900000000000000002d310100",
                hex(Netem.replace(3, false, 20_000, 5_000, 0.10), SEQ));
    }

    @Test
    void netemUnderTbf() { // tc qdisc replace dev va parent 1:1 handle 10: netem delay 20ms 5ms loss 10%
        assertEquals("4c000000240005051fdf146b0000000000000000030000000000100001000100000000000a0001006e6574656d0000001c000200"
                + "b4c40400e80300009a99991900000000000000002d310100",
                hex(Netem.replace(3, true, 20_000, 5_000, 0.10), SEQ));
    }

    @Test
    void deleteRoot() { // tc qdisc del dev va root
        assertEquals("24000000250005001fdf146b00000000000000000300000000000000ffffffff00000000", hex(RootQdisc.delete(3), SEQ));
    }

    @Test
    void clsact() { // tc qdisc add dev va clsact; tc qdisc del dev va clsact
        assertEquals("30000000240005061fdf146b0000000000000000030000000000fffff1ffffff000000000b000100636c736163740000",
                hex(Clsact.add(3), SEQ));
        assertEquals("30000000250005001fdf146b0000000000000000030000000000fffff1ffffff000000000b000100636c736163740000",
                hex(Clsact.delete(3), SEQ));
    }

    @Test
    void bpfFilterWithMirred() { // tc filter add dev a0 egress prio 2 handle 1 bpf bytecode
        // '4,32 0 0 4294963220,21 0 1 1853058146,6 0 0 0,6 0 0 4294967295' action mirred egress redirect dev nsd9
        // (a0 index 2, nsd9 index 3)
        assertEquals("940000002c000506c9e1146b00000000000000000200000001000000f3ffffff0003020008000100627066006800020038000100"
                + "340001000b0001006d697272656400002400028020000200000000000000000004000000000000000000000001000000030000000600"
                + "040004000000240005002000000014f0ffff15000001626c736e060000000000000006000000ffffffff",
                hex(BpfFilter.addEgressRedirect(2, 2, ClassicBpf.allButMark(0x6e736c62), 3), 0x6b14e1c9));
    }

    @Test
    void bpfFilterDelete() { // tc filter del dev va egress prio 1 handle 1 bpf
        assertEquals("2c0000002d00050021df146b00000000000000000300000001000000f3ffffff000001000800010062706600",
                hex(BpfFilter.deleteEgress(3, 1), 0x6b14df21));
    }

    @Test
    void programReadsAsTcWritesIt() {
        assertEquals("4,32 0 0 4294963220,21 0 1 1853058146,6 0 0 0,6 0 0 4294967295", ClassicBpf.allButMark(0x6e736c62).tcBytecode());
    }

    @Test
    void lossAsNetemKeepsIt() {
        assertEquals(0x1999999a, Netem.probability(0.10));
        assertEquals(0, Netem.probability(0));
        assertEquals(-1, Netem.probability(1.0));
    }
}
