package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class IcmpEchoTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesAnEchoRequest() {
        ByteBuffer request = IcmpEcho.request(0x1234, 7);
        byte[] bytes = new byte[request.remaining()];
        request.get(bytes);
        // type 8, code 0, checksum (computed independently with Python), id 0x1234, seq 7, "nslab-ping......"
        assertEquals("0800" + "3f67" + "1234" + "0007" + "6e736c61622d70696e672e2e2e2e2e2e", HEX.formatHex(bytes));
        assertEquals(0, IcmpEcho.checksum(ByteBuffer.wrap(bytes), 0, bytes.length), "a valid checksum sums to zero");
    }

    @Test
    void checksumMatchesRfc1071Example() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d.
        assertEquals(0x220d, IcmpEcho.checksum(ByteBuffer.wrap(HEX.parseHex("0001f203f4f5f6f7")), 0, 8));
        // An odd length pads with a zero byte.
        assertEquals(~0x0100 & 0xffff, IcmpEcho.checksum(ByteBuffer.wrap(HEX.parseHex("01")), 0, 1));
    }

    @Test
    void readsAnEchoReply() throws Exception {
        String ip = "45000024" + "00000000" + "40010000" + "0a000002" + "0a000001";
        String icmp = "0000" + "0000" + "abcd" + "0102" + "6e736c61622d70696e672e2e2e2e2e2e";
        ByteBuffer packet = ByteBuffer.wrap(HEX.parseHex(ip + icmp));
        IcmpEcho.Answer a = IcmpEcho.parse(packet, packet.capacity());
        assertTrue(a.reply());
        assertEquals(0xabcd, a.id());
        assertEquals(0x0102, a.sequence());
        assertEquals(InetAddress.getByName("10.0.0.2"), a.from());
    }

    @Test
    void readsAHostUnreachableQuotingOurRequest() throws Exception {
        String outer = "45c00040" + "00000000" + "40010000" + "0a000001" + "0a000001";
        String error = "0301" + "0000" + "00000000";
        String inner = "45000024" + "00000000" + "40010000" + "0a000001" + "0a000063";
        String quoted = "0800" + "0000" + "abcd" + "0005";
        ByteBuffer packet = ByteBuffer.wrap(HEX.parseHex(outer + error + inner + quoted));
        IcmpEcho.Answer a = IcmpEcho.parse(packet, packet.capacity());
        assertFalse(a.reply());
        assertEquals(0xabcd, a.id());
        assertEquals(5, a.sequence());
        assertEquals(InetAddress.getByName("10.0.0.99"), a.from(), "the answer is about the address we pinged");
        assertEquals("from 10.0.0.1: destination host unreachable", a.error());
    }

    @Test
    void ignoresOtherIcmp() {
        String ip = "45000024" + "00000000" + "40010000" + "0a000002" + "0a000001";
        ByteBuffer request = ByteBuffer.wrap(HEX.parseHex(ip + "0800000012340001"));
        assertNull(IcmpEcho.parse(request, request.capacity()), "an echo request is not an answer");
        ByteBuffer truncated = ByteBuffer.wrap(HEX.parseHex(ip + "0000"));
        assertNull(IcmpEcho.parse(truncated, truncated.capacity()));
    }
}
