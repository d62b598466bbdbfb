package io.nslab.netlink.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: its header fields and its payload (the family's fixed header
 * followed by attributes), as a read-only little window on a private copy.
 */
public record Message(int type, int flags, int seq, int portId, ByteBuffer payload) {

    /** Splits a buffer holding one or more messages (as one recv returns them). */
    public static List<Message> parseAll(ByteBuffer data) {
        ByteBuffer in = data.slice().order(ByteOrder.nativeOrder());
        List<Message> out = new ArrayList<>();
        while (in.remaining() >= Netlink.NLMSG_HDRLEN) {
            int start = in.position();
            int length = in.getInt(start);
            if (length < Netlink.NLMSG_HDRLEN || length > in.remaining()) {
                throw new IllegalArgumentException("malformed netlink message: length " + length + " of " + in.remaining());
            }
            byte[] payload = new byte[length - Netlink.NLMSG_HDRLEN];
            in.position(start + Netlink.NLMSG_HDRLEN);
            in.get(payload);
            out.add(new Message(Short.toUnsignedInt(in.getShort(start + 4)), Short.toUnsignedInt(in.getShort(start + 6)),
                    in.getInt(start + 8), in.getInt(start + 12), ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder()).asReadOnlyBuffer()));
            in.position(Math.min(in.limit(), start + Netlink.align(length)));
        }
        return out;
    }

    /** Parses one encoded message (e.g. a {@link MessageBuilder#build} result). */
    public static Message parse(byte[] bytes) {
        return parseAll(ByteBuffer.wrap(bytes)).get(0);
    }

    /** A fresh view of the payload in the machine's byte order, positioned at its start. */
    public ByteBuffer body() {
        return payload.duplicate().order(ByteOrder.nativeOrder()).rewind();
    }

    /** The attributes that follow a fixed header of {@code headerLength} bytes. */
    public Attributes attributes(int headerLength) {
        ByteBuffer body = body();
        body.position(Math.min(body.limit(), Netlink.align(headerLength)));
        return Attributes.parse(body.slice());
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }
}
