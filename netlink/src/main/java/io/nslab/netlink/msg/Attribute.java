package io.nslab.netlink.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** One decoded attribute: its type (without the NESTED / BYTEORDER bits) and its value bytes. */
public record Attribute(int type, boolean nested, byte[] value) {

    public int u8() { return Byte.toUnsignedInt(value[0]); }

    public int u16() { return Short.toUnsignedInt(ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getShort()); }

    public int u32() { return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt(); }

    public int u16Be() { return Short.toUnsignedInt(ByteBuffer.wrap(value).getShort()); }

    public int u32Be() { return ByteBuffer.wrap(value).getInt(); }

    public long u64Be() { return ByteBuffer.wrap(value).getLong(); }

    public long u64() { return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong(); }

    /** A C string, up to its first NUL. */
    public String string() {
        int end = 0;
        while (end < value.length && value[end] != 0) end++;
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }

    /** The attributes nested inside this one. */
    public Attributes attributes() {
        return Attributes.parse(ByteBuffer.wrap(value));
    }
}
