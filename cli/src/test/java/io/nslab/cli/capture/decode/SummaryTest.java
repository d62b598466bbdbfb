package io.nslab.cli.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The summary line of each protocol the decoder knows, from frames as a capture sees them. */
class SummaryTest {
    private static final String ETH = "020000000002" + "020000000001";

    private static String of(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return Summary.of(ByteBuffer.wrap(b), b.length);
    }

    private static String ipv4(int protocol, String payload) {
        int total = 20 + payload.length() / 2;
        return ETH + "0800" + "45000" + String.format("%03x", total) + "00000000" + "40" + String.format("%02x", protocol) + "0000"
                + "ac140002" + "ac14000a" + payload;
    }

    @Test
    void arp() {
        String body = "0001080006040001" + "020000000001" + "ac140002" + "000000000000" + "ac14000a";
        assertEquals("ARP who-has 172.20.0.10 tell 172.20.0.2", of("ffffffffffff020000000001" + "0806" + body));
        String reply = "0001080006040002" + "020000000002" + "ac14000a" + "020000000001" + "ac140002";
        assertEquals("ARP 172.20.0.10 is-at 02:00:00:00:00:02", of(ETH + "0806" + reply));
    }

    @Test
    void icmpEcho() {
        assertEquals("IPv4 172.20.0.2 > 172.20.0.10 ICMP echo request, id 7, seq 1", of(ipv4(1, "08000000" + "00070001")));
        assertEquals("IPv4 172.20.0.2 > 172.20.0.10 ICMP echo reply, id 7, seq 1", of(ipv4(1, "00000000" + "00070001")));
    }

    @Test
    void tcpFlagsAndLength() {
        String syn = "9c400050" + "00000064" + "00000000" + "5002" + "faf0" + "00000000";
        assertEquals("IPv4 172.20.0.2.40000 > 172.20.0.10.80 TCP [S], seq 100, length 0", of(ipv4(6, syn)));
        String data = "9c400050" + "00000065" + "000000c8" + "5018" + "faf0" + "00000000" + "474554";
        assertEquals("IPv4 172.20.0.2.40000 > 172.20.0.10.80 TCP [P.], seq 101, ack 200, length 3", of(ipv4(6, data)));
    }

    @Test
    void udp() {
        assertEquals("IPv4 172.20.0.2.5353 > 172.20.0.10.7 UDP, length 2", of(ipv4(17, "14e90007000a0000" + "6869")));
    }

    @Test
    void ipv6() {
        String v6 = ETH + "86dd" + "60000000" + "0008" + "3a" + "ff" + "fe800000000000000000000000000001" + "ff020000000000000000000000000002"
                + "85000000" + "00000000";
        assertEquals("IPv6 fe80::1 > ff02::2 ICMPv6 router solicitation", of(v6));
    }

    @Test
    void cutShortAndUnknown() {
        assertEquals("truncated Ethernet frame, length 10", of("00112233445566778899"));
        assertEquals("IPv4, truncated", of(ETH + "0800" + "4500"));
        assertEquals("02:00:00:00:00:01 > 02:00:00:00:00:02 ethertype 0x88cc, length 16", of(ETH + "88cc" + "0000"));
    }
}
