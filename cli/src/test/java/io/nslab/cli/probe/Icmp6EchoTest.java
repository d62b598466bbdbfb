package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** ICMPv6 echo as a raw IPv6 socket hands it over: the message alone, the sender beside it. */
class Icmp6EchoTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void requestIsType128WithIdAndSequence() {
        ByteBuffer r = Icmp6Echo.request(0x1234, 7);
        assertEquals("80000000" + "12340007" + "6e736c61622d70696e672e2e2e2e2e2e", HEX.formatHex(bytes(r)));
    }

    @Test
    void readsAnEchoReply() throws Exception {
        ByteBuffer packet = ByteBuffer.wrap(HEX.parseHex("8100" + "0000" + "abcd" + "0102" + "6e736c61622d70696e672e2e2e2e2e2e"));
        IcmpEcho.Answer a = Icmp6Echo.parse(packet, packet.capacity(), InetAddress.getByName("fd00::2"));
        assertTrue(a.reply());
        assertEquals(0xabcd, a.id());
        assertEquals(0x0102, a.sequence());
        assertEquals(InetAddress.getByName("fd00::2"), a.from());
    }

    @Test
    void readsAnAddressUnreachableQuotingOurRequest() throws Exception {
        String error = "0103" + "0000" + "00000000";
        // The quoted IPv6 header: version 6, payload 24, next header 58 (ICMPv6), hop limit 64, fd00::1 -> fd00::63.
        String inner = "60000000" + "0018" + "3a" + "40" + "fd000000000000000000000000000001" + "fd000000000000000000000000000063";
        String quoted = "8000" + "0000" + "abcd" + "0005";
        ByteBuffer packet = ByteBuffer.wrap(HEX.parseHex(error + inner + quoted));
        IcmpEcho.Answer a = Icmp6Echo.parse(packet, packet.capacity(), InetAddress.getByName("fd00::1"));
        assertFalse(a.reply());
        assertEquals(0xabcd, a.id());
        assertEquals(5, a.sequence());
        assertEquals(InetAddress.getByName("fd00::63"), a.from(), "the answer is about the address we pinged");
        assertEquals("from fd00::1: address unreachable", a.error());
    }

    @Test
    void ignoresOtherIcmpv6() throws Exception {
        ByteBuffer request = ByteBuffer.wrap(HEX.parseHex("8000000012340001"));
        assertNull(Icmp6Echo.parse(request, request.capacity(), InetAddress.getByName("fd00::2")), "an echo request is not an answer");
        ByteBuffer solicitation = ByteBuffer.wrap(HEX.parseHex("8700000000000000"));
        assertNull(Icmp6Echo.parse(solicitation, solicitation.capacity(), InetAddress.getByName("fd00::2")), "neither is NDP");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
