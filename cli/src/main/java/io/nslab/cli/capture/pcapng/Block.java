package io.nslab.cli.capture.pcapng;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The frame every pcapng block shares (pcapng spec, section 3.1): type, total length, a
 * body padded to 4 bytes, and the total length again, so a reader can walk both ways. Written
 * in the machine's byte order: the Section Header's magic tells a reader which that was.
 */
final class Block {
    private Block() {}

    /** The whole block of {@code type} around {@code body} (already padded to 4 bytes). */
    static byte[] of(int type, ByteBuffer body) {
        int bodyLength = body.remaining();
        if (bodyLength % 4 != 0) throw new IllegalArgumentException("a block body is padded to 4 bytes, not " + bodyLength);
        int total = 12 + bodyLength;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
        b.putInt(type).putInt(total).put(body).putInt(total);
        return b.array();
    }

    /** Bytes to add to {@code length} to reach a multiple of 4. */
    static int padding(int length) {
        return (4 - (length & 3)) & 3;
    }
}
