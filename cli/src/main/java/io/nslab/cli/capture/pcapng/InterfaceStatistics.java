package io.nslab.cli.capture.pcapng;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An Interface Statistics Block (type 5), written for each interface when a capture ends: the
 * time, isb_ifrecv (packets the kernel passed to the capture) and isb_ifdrop (packets it dropped
 * because the capture's buffer was full), as PACKET_STATISTICS counted them.
 */
public final class InterfaceStatistics {
    static final int TYPE = 5;
    private static final int ISB_IFRECV = 4, ISB_IFDROP = 5;

    private InterfaceStatistics() {}

    public static byte[] encode(int interfaceId, long epochNanos, long received, long dropped) {
        byte[] options = new Options().u64(ISB_IFRECV, received).u64(ISB_IFDROP, dropped).encode();
        ByteBuffer body = ByteBuffer.allocate(12 + options.length).order(ByteOrder.nativeOrder());
        body.putInt(interfaceId).putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos).put(options).flip();
        return Block.of(TYPE, body);
    }
}
