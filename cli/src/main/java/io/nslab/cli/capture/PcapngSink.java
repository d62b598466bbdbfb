package io.nslab.cli.capture;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;

import io.nslab.cli.launch.Version;
import io.nslab.cli.capture.pcapng.EnhancedPacket;
import io.nslab.cli.capture.pcapng.PcapngWriter;

/** Packets into pcapng: one interface description per tap, named as the tap is ("web:eth0"). */
final class PcapngSink implements Sink {
    private final PcapngWriter writer;

    PcapngSink(WritableByteChannel out, List<Tap> taps, int snaplen, boolean flushEachPacket) {
        List<PcapngWriter.Interface> interfaces = taps.stream().map(t -> new PcapngWriter.Interface(t.name(), t.description())).toList();
        writer = new PcapngWriter(out, new Version().getVersion()[0], interfaces, snaplen, flushEachPacket);
    }

    @Override
    public void packet(int tap, PacketSocket.Received p, ByteBuffer data) {
        writer.packet(tap, p.epochNanos(), data, p.length(), direction(p), reception(p.packetType()));
    }

    static EnhancedPacket.Direction direction(PacketSocket.Received p) {
        return p.outgoing() ? EnhancedPacket.Direction.OUTBOUND : EnhancedPacket.Direction.INBOUND;
    }

    static EnhancedPacket.Reception reception(int packetType) {
        return switch (packetType) {
            case PacketSocket.PACKET_BROADCAST -> EnhancedPacket.Reception.BROADCAST;
            case PacketSocket.PACKET_MULTICAST -> EnhancedPacket.Reception.MULTICAST;
            case PacketSocket.PACKET_OTHERHOST -> EnhancedPacket.Reception.PROMISCUOUS;
            default -> EnhancedPacket.Reception.UNICAST;
        };
    }

    @Override
    public void end(List<TapCount> counts) {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < counts.size(); i++) writer.statistics(i, now, counts.get(i).received(), counts.get(i).dropped());
    }

    @Override
    public void close() {
        writer.close();
    }
}
