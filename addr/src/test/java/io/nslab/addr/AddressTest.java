package io.nslab.addr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {
    @ParameterizedTest
    @CsvSource({
            "fd00:20::10, fd00:20::10",
            "FD00:0020:0000:0000:0000:0000:0000:0010, fd00:20::10",
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "64:ff9b::10.0.0.1, 64:ff9b::a00:1",
            "fe80::1:2:3:4, fe80::1:2:3:4"})
    void ipv6IsWrittenAsRfc5952Says(String text, String canonical) throws Exception {
        Ipv6 a = Ipv6.parse(text);
        assertEquals(canonical, a.toString());
        // The JDK's parser as an independent witness of the bytes.
        assertArrayEquals(InetAddress.getByName(text).getAddress(), a.bytes());
        assertEquals(a, IpAddress.of(a.bytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::1",
            "fe80::1%eth0", "::1.2.3", "1:2:3:4:5:6:7::8:9", "::256.0.0.1"})
    void badIpv6IsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ipv6.parse(text));
    }

    @Test
    void ipv6CountsOnAcrossTheHalves() {
        Ipv6 a = Ipv6.parse("fd00::ffff:ffff:ffff:ffff");
        assertEquals("fd00:0:0:1::", a.plus(1).toString());
        assertEquals(a, a.plus(1).plus(-1));
        assertEquals("fd00::2", Ipv6.parse("fd00::1").plus(1).toString());
    }

    @Test
    void prefixesOfBothFamilies() {
        Cidr v6 = Cidr.parse("fd00:20::10/64");
        assertEquals("fd00:20::/64", v6.subnet().toString());
        assertEquals("fd00:20::1", v6.firstHost().toString());
        assertEquals("fd00:20::ffff:ffff:ffff:ffff", v6.lastHost().toString());
        assertTrue(v6.isHost(Ipv6.parse("fd00:20::abcd")));
        assertFalse(v6.contains(Ipv6.parse("fd00:21::1")));
        assertFalse(v6.contains(Ipv4.parse("10.0.0.1")));
        assertTrue(Cidr.parse("fd00::/16").overlaps(v6));
        assertFalse(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("::/0")));
        Cidr v4 = Cidr.parse("172.20.0.10/24");
        assertEquals("172.20.0.1", v4.firstHost().toString());
        assertEquals("172.20.0.254", v4.lastHost().toString());
        assertEquals(256, v4.size());
        assertEquals("::/0", Cidr.any(6).toString());
        assertEquals("0.0.0.0/0", Cidr.any(4).toString());
        assertEquals("10.0.0.1/32", Cidr.host(Ipv4.parse("10.0.0.1")).toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("fd00::/129"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0"));
        assertTrue(Ipv4.parse("10.0.0.1").compareTo(Ipv6.parse("::")) < 0);
    }

    @Test
    void macs() {
        Mac m = Mac.parse("02:42:AC:14:00:0a");
        assertEquals("02:42:ac:14:00:0a", m.toString());
        assertEquals(m, Mac.of(m.bytes()));
        assertTrue(Mac.problem("01:00:5e:00:00:01").contains("multicast"));
        assertTrue(Mac.problem("00:00:00:00:00:00").contains("all-zero"));
        assertTrue(Mac.problem("02:42:ac:14:00").contains("not a MAC"));
        assertEquals(null, Mac.problem("02:42:ac:14:00:0a"));
    }
}
