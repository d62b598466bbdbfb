package io.nslab.netlink.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A decoded list of attributes, in the order the kernel sent them (types may repeat in lists). */
public record Attributes(List<Attribute> list) {

    public static Attributes parse(ByteBuffer data) {
        ByteBuffer in = data.slice().order(ByteOrder.nativeOrder());
        List<Attribute> out = new ArrayList<>();
        while (in.remaining() >= Netlink.NLA_HDRLEN) {
            int start = in.position();
            int length = Short.toUnsignedInt(in.getShort(start));
            int rawType = Short.toUnsignedInt(in.getShort(start + 2));
            if (length < Netlink.NLA_HDRLEN || length > in.remaining()) break; // truncated: stop, as nla_for_each does
            byte[] value = new byte[length - Netlink.NLA_HDRLEN];
            in.position(start + Netlink.NLA_HDRLEN);
            in.get(value);
            out.add(new Attribute(rawType & Netlink.NLA_TYPE_MASK, (rawType & Netlink.NLA_F_NESTED) != 0, value));
            in.position(Math.min(in.limit(), start + Netlink.align(length)));
        }
        return new Attributes(List.copyOf(out));
    }

    /** The first attribute of this type. */
    public Optional<Attribute> get(int type) {
        for (Attribute a : list) if (a.type() == type) return Optional.of(a);
        return Optional.empty();
    }

    public boolean has(int type) { return get(type).isPresent(); }

    public String string(int type) { return get(type).map(Attribute::string).orElse(null); }

    public int u32(int type, int absent) { return get(type).map(Attribute::u32).orElse(absent); }

    public int u32Be(int type, int absent) { return get(type).map(Attribute::u32Be).orElse(absent); }

    public byte[] bytes(int type) { return get(type).map(Attribute::value).orElse(null); }

    public Attributes nested(int type) {
        return get(type).map(Attribute::attributes).orElse(new Attributes(List.of()));
    }
}
