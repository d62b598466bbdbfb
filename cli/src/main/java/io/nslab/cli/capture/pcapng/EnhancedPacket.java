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

    public enum Direction { INBOUND, OUTBOUND }

    public enum Reception { UNICAST, MULTICAST, BROADCAST, PROMISCUOUS }

    private EnhancedPacket() {}

    /** {@code data} from its position to its limit is what was kept of the packet; {@code wireLength} what it was. */
    public static byte[] encode(int interfaceId, long epochNanos, ByteBuffer data, int wireLength, Direction direction, Reception reception) {
        int kept = data.remaining();
        int flags = (direction == Direction.INBOUND ? 1 : 2) | ((reception.ordinal() + 1) << 2);
        byte[] options = new Options().u32(EPB_FLAGS, flags).encode();
        ByteBuffer body = ByteBuffer.allocate(20 + kept + Block.padding(kept) + options.length).order(ByteOrder.nativeOrder());
        body.putInt(interfaceId).putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos).putInt(kept).putInt(wireLength);
        body.put(data.duplicate());
        body.position(body.position() + Block.padding(kept));
        body.put(options).flip();
        return Block.of(TYPE, body);
    }
}
