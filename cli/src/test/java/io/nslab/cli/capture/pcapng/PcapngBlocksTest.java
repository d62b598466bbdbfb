package io.nslab.cli.capture.pcapng;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * Each block kind's bytes, little-endian (this machine's order, as the file says by its magic),
 * field by field as the pcapng spec (draft-ietf-opsawg-pcapng) lays them out. That Wireshark
 * reads them so is checked by PcapngTsharkTest.
 */
class PcapngBlocksTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void sectionHeader() {
        assertEquals("0a0d0d0a" + "28000000"            // type, total length 40
                + "4d3c2b1a" + "0100" + "0000"             // byte-order magic, version 1.0
                + "ffffffffffffffff"                        // section length unknown
                + "0400" + "0200" + "6e73" + "0000"        // shb_userappl "ns", padded
                + "0000" + "0000"                           // opt_endofopt
                + "28000000", hex(SectionHeader.encode("ns")));
    }

    @Test
    void interfaceDescription() {
        assertEquals("01000000" + "34000000"             // type 1, total length 52
                + "0100" + "0000" + "ffff0000"             // LINKTYPE_ETHERNET, reserved, snaplen 65535
                + "0200" + "0600" + "613a65746830" + "0000"   // if_name "a:eth0", padded
                + "0300" + "0100" + "64" + "000000"        // if_description "d"
                + "0900" + "0100" + "09" + "000000"        // if_tsresol 9: nanoseconds
                + "0000" + "0000"
                + "34000000", hex(InterfaceDescription.encode("a:eth0", "d", 65535)));
    }

    @Test
    void enhancedPacket() {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
        long nanos = 0x0000000100000002L;
        assertEquals("06000000" + "34000000"             // type 6, total length 52
                + "02000000"                                 // interface 2
                + "01000000" + "02000000"                    // timestamp high, low
                + "05000000" + "3c000000"                    // 5 bytes kept of 60
                + "0102030405" + "000000"                    // the data, padded
                + "0200" + "0400" + "06000000"               // epb_flags: outbound (2), unicast (1 << 2)
                + "0000" + "0000"
                + "34000000", hex(EnhancedPacket.encode(2, nanos, data, 60, EnhancedPacket.Direction.OUTBOUND,
                        EnhancedPacket.Reception.UNICAST)));
        assertEquals(0, data.position(), "the packet's buffer is left as it was");
    }

    @Test
    void enhancedPacketFlagsInboundBroadcast() {
        byte[] b = EnhancedPacket.encode(0, 0, ByteBuffer.allocate(4), 4, EnhancedPacket.Direction.INBOUND, EnhancedPacket.Reception.BROADCAST);
        assertEquals("0d000000", hex(b).substring(2 * 36, 2 * 40), "inbound (1) | broadcast (3 << 2)");
    }

    @Test
    void interfaceStatistics() {
        assertEquals("05000000" + "34000000"             // type 5, total length 52
                + "00000000" + "00000000" + "07000000"       // interface 0, timestamp
                + "0400" + "0800" + "d007000000000000"       // isb_ifrecv 2000
                + "0500" + "0800" + "0300000000000000"       // isb_ifdrop 3
                + "0000" + "0000"
                + "34000000", hex(InterfaceStatistics.encode(0, 7, 2000, 3)));
    }
}
