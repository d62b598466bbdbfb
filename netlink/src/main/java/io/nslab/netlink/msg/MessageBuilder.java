package io.nslab.netlink.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes one netlink message: the header, the family's fixed header (written with the
 * {@code u8}/{@code u16}/{@code u32} methods), then attributes, possibly nested. Integers are
 * in the machine's byte order unless the method says {@code Be} (network order, as nf_tables
 * and addresses want). Every attribute is padded to 4 bytes; a nest's length covers its
 * children. The sequence number and port are left zero: the socket fills them in when it sends.
 */
public final class MessageBuilder {
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    public MessageBuilder(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    public int type() { return Short.toUnsignedInt(buf.getShort(4)); }

    public int flags() { return Short.toUnsignedInt(buf.getShort(6)); }

    /** Adds flags to the header (e.g. NLM_F_ACK, which the socket sets on requests it waits for). */
    public MessageBuilder addFlags(int flags) {
        buf.putShort(6, (short) (flags() | flags));
        return this;
    }

    // ---- fixed family header ----

    public MessageBuilder u8(int value) { room(1); buf.put((byte) value); return this; }

    public MessageBuilder u16(int value) { room(2); buf.putShort((short) value); return this; }

    public MessageBuilder u16Be(int value) { room(2); buf.order(ByteOrder.BIG_ENDIAN).putShort((short) value).order(ByteOrder.nativeOrder()); return this; }

    public MessageBuilder u32(int value) { room(4); buf.putInt(value); return this; }

    public MessageBuilder bytes(byte[] value) { room(value.length); buf.put(value); return this; }

    /** Zero bytes, e.g. the padding of a C struct. */
    public MessageBuilder pad(int count) { return bytes(new byte[count]); }

    // ---- attributes ----

    public MessageBuilder attr(int type, byte[] value) {
        int length = Netlink.NLA_HDRLEN + value.length;
        room(Netlink.align(length));
        buf.putShort((short) length).putShort((short) type).put(value);
        buf.put(new byte[Netlink.align(length) - length]);
        return this;
    }

    /** An attribute without a value (a flag). */
    public MessageBuilder attr(int type) { return attr(type, new byte[0]); }

    public MessageBuilder attrU8(int type, int value) { return attr(type, new byte[] {(byte) value}); }

    public MessageBuilder attrU16(int type, int value) { return attr(type, native16(value)); }

    public MessageBuilder attrU32(int type, int value) { return attr(type, native32(value)); }

    public MessageBuilder attrU16Be(int type, int value) { return attr(type, ByteBuffer.allocate(2).putShort((short) value).array()); }

    public MessageBuilder attrU32Be(int type, int value) { return attr(type, ByteBuffer.allocate(4).putInt(value).array()); }

    public MessageBuilder attrU64Be(int type, long value) { return attr(type, ByteBuffer.allocate(8).putLong(value).array()); }

    /** A C string: the text and its terminating NUL. */
    public MessageBuilder attrString(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(text, text.length + 1));
    }

    /** Opens a nested attribute; close it with {@link #endNest(int)} and the returned position. */
    public int beginNest(int type) {
        int start = buf.position();
        room(Netlink.NLA_HDRLEN);
        buf.putShort((short) 0).putShort((short) type);
        return start;
    }

    public MessageBuilder endNest(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    // ---- output ----

    /** The encoded message with the given sequence number and port id. */
    public byte[] build(int seq, int portId) {
        byte[] out = Arrays.copyOf(buf.array(), buf.position());
        ByteBuffer.wrap(out).order(ByteOrder.nativeOrder()).putInt(0, out.length).putInt(8, seq).putInt(12, portId);
        return out;
    }

    /** Length of the message as encoded so far. */
    public int length() { return buf.position(); }

    /** Writes the message into {@code out} (at its position) with the given sequence number. */
    public void writeTo(ByteBuffer out, int seq) {
        int start = out.position();
        out.put(buf.array(), 0, buf.position());
        out.putInt(start, buf.position()).putInt(start + 8, seq);
    }

    private void room(int more) {
        if (buf.remaining() >= more) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more)).order(ByteOrder.nativeOrder());
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    private static byte[] native16(int value) {
        return ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array();
    }

    private static byte[] native32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }
}
