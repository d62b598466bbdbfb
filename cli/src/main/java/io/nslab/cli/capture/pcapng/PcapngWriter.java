package io.nslab.cli.capture.pcapng;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a pcapng file as a stream: the section header and one interface description per
 * interface at once, then packets as they come, then statistics. Every write is a whole block,
 * so the file is valid whenever the capture stops. With {@code flushEachPacket} (for
 * {@code -w -} piped into Wireshark or tshark) each packet leaves at once.
 */
public final class PcapngWriter implements AutoCloseable {
    /** One interface: its name in the file ("web:eth0") and a line saying what it is. */
    public record Interface(String name, String description) {}

    private final OutputStream out;
    private final boolean flushEachPacket;

    public PcapngWriter(OutputStream out, String application, List<Interface> interfaces, int snaplen, boolean flushEachPacket) {
        this.out = out;
        this.flushEachPacket = flushEachPacket;
        write(SectionHeader.encode(application));
        for (Interface i : interfaces) write(InterfaceDescription.encode(i.name(), i.description(), snaplen));
        flush();
    }

    public void packet(int interfaceId, long epochNanos, ByteBuffer data, int wireLength,
                       EnhancedPacket.Direction direction, EnhancedPacket.Reception reception) {
        write(EnhancedPacket.encode(interfaceId, epochNanos, data, wireLength, direction, reception));
        if (flushEachPacket) flush();
    }

    public void statistics(int interfaceId, long epochNanos, long received, long dropped) {
        write(InterfaceStatistics.encode(interfaceId, epochNanos, received, dropped));
    }

    private void write(byte[] block) {
        try {
            out.write(block);
        } catch (IOException e) {
            throw new UncheckedIOException("write the capture: " + e.getMessage(), e);
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("write the capture: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("close the capture: " + e.getMessage(), e);
        }
    }
}
