package io.nslab.cli.capture.pcapng;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An Enhanced Packet Block (type 6): which interface saw the packet, its timestamp (64 bits of
 * nanoseconds since the epoch, as if_tsresol 9 says, split high and low), the length kept and
 * the length on the wire, the bytes, and epb_flags: the direction (bits 0-1: 1 inbound,
 * 2 outbound) and the reception type (bits 2-4: 1 unicast, 2 multicast, 3 broadcast,
 * 4 promiscuous), which Wireshark shows as frame.packet_flags_direction.
 */
public final class EnhancedPacket {
    static final int TYPE = 6;
    private static final int EPB_FLAGS = 2;
    /** The options' bytes: epb_flags (4 of header, 4 of value) and the end of options (4). */
    private static final int OPTIONS = 12;

    public enum Direction { INBOUND, OUTBOUND }

    public enum Reception { UNICAST, MULTICAST, BROADCAST, PROMISCUOUS }

    private EnhancedPacket() {}

    /** {@code data} from its position to its limit is what was kept of the packet; {@code wireLength} what it was. */
    public static byte[] encode(int interfaceId, long epochNanos, ByteBuffer data, int wireLength, Direction direction, Reception reception) {
        ByteBuffer b = ByteBuffer.allocate(size(data.remaining())).order(ByteOrder.nativeOrder());
        write(b, interfaceId, epochNanos, data, wireLength, direction, reception);
        return b.array();
    }

    /** The length of the block holding {@code kept} bytes of a packet. */
    public static int size(int kept) {
        return 12 + 20 + kept + Block.padding(kept) + OPTIONS;
    }

    /**
     * The block into {@code out} (in the machine's byte order) at its position, which it moves on:
     * written in place, so a packet is copied once, from the capture ring to the output buffer.
     */
    public static void write(ByteBuffer out, int interfaceId, long epochNanos, ByteBuffer data, int wireLength,
                             Direction direction, Reception reception) {
        int kept = data.remaining();
        int total = size(kept);
        int flags = (direction == Direction.INBOUND ? 1 : 2) | ((reception.ordinal() + 1) << 2);
        out.putInt(TYPE).putInt(total);
        out.putInt(interfaceId).putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos).putInt(kept).putInt(wireLength);
        out.put(data.duplicate());
        for (int i = Block.padding(kept); i > 0; i--) out.put((byte) 0);
        // Options: epb_flags (code 2, 4 bytes), then opt_endofopt.
        out.putShort((short) EPB_FLAGS).putShort((short) 4).putInt(flags).putInt(0);
        out.putInt(total);
    }
}
