package io.nslab.netlink.tc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.nslab.netlink.msg.MessageBuilder;

/** The header of every tc request: struct tcmsg, then TCA_KIND (a C string, as tc sends it). */
final class TcMsg {
    private TcMsg() {}

    static MessageBuilder of(int type, int flags, int ifindex, int handle, int parent, int info, String kind) {
        MessageBuilder m = new MessageBuilder(type, flags);
        m.u8(0).u8(0).u16(0).u32(ifindex).u32(handle).u32(parent).u32(info);
        if (kind != null) {
            byte[] text = kind.getBytes(StandardCharsets.US_ASCII);
            m.attr(Tc.TCA_KIND, Arrays.copyOf(text, text.length + 1));
        }
        return m;
    }
}
