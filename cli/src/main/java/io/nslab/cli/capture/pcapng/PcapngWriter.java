package io.nslab.cli.capture.pcapng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * Writes a pcapng file as a stream: the section header and one interface description per
 * interface at once, then packets as they come, then statistics. Every write is a whole block,
 * so the file is valid whenever the capture stops. With {@code flushEachPacket} (for
 * {@code -w -} piped into Wireshark or tshark) each packet leaves at once.
 *
 * <p>Blocks are gathered in one direct buffer of {@value #BUFFER} bytes and written to the
 * channel when it is full: a packet is copied once, from the capture's ring into the buffer,
 * and a bulk transfer costs one write(2) per megabyte.
 */
public final class PcapngWriter implements AutoCloseable {
    /** One interface: its name in the file ("web:eth0") and a line saying what it is. */
    public record Interface(String name, String description) {}

    private static final int BUFFER = 1 << 20;

    private final WritableByteChannel out;
    private final boolean flushEachPacket;
    private final ByteBuffer buffer;

    public PcapngWriter(WritableByteChannel out, String application, List<Interface> interfaces, int snaplen, boolean flushEachPacket) {
        this.out = out;
        this.flushEachPacket = flushEachPacket;
        this.buffer = ByteBuffer.allocateDirect(Math.max(BUFFER, 2 * EnhancedPacket.size(snaplen))).order(ByteOrder.nativeOrder());
        write(SectionHeader.encode(application));
        for (Interface i : interfaces) write(InterfaceDescription.encode(i.name(), i.description(), snaplen));
        flush();
    }

    public void packet(int interfaceId, long epochNanos, ByteBuffer data, int wireLength,
                       EnhancedPacket.Direction direction, EnhancedPacket.Reception reception) {
        room(EnhancedPacket.size(data.remaining()));
        EnhancedPacket.write(buffer, interfaceId, epochNanos, data, wireLength, direction, reception);
        if (flushEachPacket) flush();
    }

    public void statistics(int interfaceId, long epochNanos, long received, long dropped) {
        write(InterfaceStatistics.encode(interfaceId, epochNanos, received, dropped));
    }

    private void write(byte[] block) {
        room(block.length);
        buffer.put(block);
    }

    /** Makes room for {@code bytes} more in the buffer, writing out what it holds if need be. */
    private void room(int bytes) {
        if (buffer.remaining() < bytes) flush();
        if (buffer.remaining() < bytes) throw new IllegalArgumentException("a block of " + bytes + " bytes is larger than the buffer");
    }

    private void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) out.write(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("write the capture: " + e.getMessage(), e);
        } finally {
            buffer.clear();
        }
    }

    @Override
    public void close() {
        try (out) {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("close the capture: " + e.getMessage(), e);
        }
    }
}
