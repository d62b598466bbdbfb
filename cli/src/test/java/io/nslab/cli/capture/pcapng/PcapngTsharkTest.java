package io.nslab.cli.capture.pcapng;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What PcapngWriter writes, as tshark (Wireshark's reader, the independent witness) reads it. */
class PcapngTsharkTest {
    @TempDir Path tmp;

    @Test
    void tsharkReadsNamesDirectionsNanosecondsAndStatistics() throws Exception {
        // An ARP request: broadcast destination, EtherType 0x0806, who-has 10.0.0.2 tell 10.0.0.1.
        byte[] arp = HexFormat.of().parseHex("ffffffffffff" + "020000000001" + "0806"
                + "0001080006040001" + "020000000001" + "0a000001" + "000000000000" + "0a000002");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(java.nio.channels.Channels.newChannel(out), "nslab test", List.of(new PcapngWriter.Interface("web:eth0", "veth, peer host:web-eth0"),
                new PcapngWriter.Interface("host:web-eth0", "port of bridge nslab0")), 65535, true)) {
            w.packet(0, 1_700_000_000_123_456_789L, ByteBuffer.wrap(arp), arp.length, EnhancedPacket.Direction.OUTBOUND, EnhancedPacket.Reception.UNICAST);
            w.packet(1, 1_700_000_000_123_456_999L, ByteBuffer.wrap(arp), arp.length, EnhancedPacket.Direction.INBOUND, EnhancedPacket.Reception.BROADCAST);
            w.statistics(0, 1_700_000_001_000_000_000L, 1, 0);
            w.statistics(1, 1_700_000_001_000_000_000L, 1, 0);
        }
        Path file = tmp.resolve("t.pcapng");
        Files.write(file, out.toByteArray());
        Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-E", "separator=|",
                "-e", "frame.interface_name", "-e", "frame.interface_description", "-e", "frame.packet_flags_direction",
                "-e", "frame.time_epoch", "-e", "arp.dst.proto_ipv4").start();
        String fields = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor(), err);
        assertEquals("", err.replaceAll("Running as user \"root\".*\\n", ""), "no warning");
        assertEquals(List.of(
                "web:eth0|veth, peer host:web-eth0|0x00000002|1700000000.123456789|10.0.0.2",
                "host:web-eth0|port of bridge nslab0|0x00000001|1700000000.123456999|10.0.0.2"), fields.lines().toList());
    }
}
