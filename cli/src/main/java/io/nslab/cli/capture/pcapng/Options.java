package io.nslab.cli.capture.pcapng;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A block's options (pcapng spec, section 3.5): code, length, value padded to 4 bytes, and
 * opt_endofopt (code 0, length 0) after the last one. A block without options has none of it.
 */
final class Options {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int count;

    Options text(int code, String value) {
        return bytes(code, value.getBytes(StandardCharsets.UTF_8));
    }

    Options u8(int code, int value) {
        return bytes(code, new byte[] {(byte) value});
    }

    Options u32(int code, int value) {
        return bytes(code, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    Options u64(int code, long value) {
        return bytes(code, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).array());
    }

    Options bytes(int code, byte[] value) {
        ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putShort((short) code).putShort((short) value.length);
        bytes.writeBytes(header.array());
        bytes.writeBytes(value);
        bytes.writeBytes(new byte[Block.padding(value.length)]);
        count++;
        return this;
    }

    /** The options with opt_endofopt, or nothing when there are none. */
    byte[] encode() {
        if (count == 0) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes.toByteArray());
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }
}
