package io.nslab.netlink.socket;

import static io.nslab.netlink.msg.Netlink.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.sys.SysException;

/**
 * NLMSG_ERROR as linux/netlink.h lays it out: int error, the request's header (and, unless
 * NLM_F_CAPPED, its payload), then extended-ACK attributes when NLM_F_ACK_TLVS is set.
 */
class NetlinkErrorTest {
    private static MessageBuilder request() {
        return new MessageBuilder(24, NLM_F_REQUEST | NLM_F_ACK).u32(0x01020304).u32(0);
    }

    @Test
    void ackIsNoError() {
        MessageBuilder ack = new MessageBuilder(NLMSG_ERROR, NLM_F_CAPPED).u32(0).bytes(request().build(5, 0)).pad(0);
        assertNull(NetlinkSocket.error(Message.parse(trimToHeader(ack)), "x"));
    }

    @Test
    void cappedErrorWithKernelMessage() {
        MessageBuilder err = new MessageBuilder(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS).u32(-22);
        err.bytes(java.util.Arrays.copyOf(request().build(5, 0), NLMSG_HDRLEN)); // capped: header only
        err.attrString(NLMSGERR_ATTR_MSG, "Invalid prefix for given prefix length");
        err.attrU32(NLMSGERR_ATTR_OFFS, 20);
        SysException e = NetlinkSocket.error(Message.parse(err.build(5, 0)), "add route 10.1.2.3/8");
        assertEquals(22, e.errno());
        assertEquals("Invalid prefix for given prefix length", e.kernelMessage());
        assertEquals("add route 10.1.2.3/8: EINVAL (Invalid argument): Invalid prefix for given prefix length", e.getMessage());
    }

    @Test
    void uncappedErrorSkipsTheEchoedRequest() {
        MessageBuilder err = new MessageBuilder(NLMSG_ERROR, NLM_F_ACK_TLVS).u32(-17);
        err.bytes(request().build(5, 0)); // the whole request, 24 bytes
        err.attrString(NLMSGERR_ATTR_MSG, "exists");
        SysException e = NetlinkSocket.error(Message.parse(err.build(5, 0)), "create");
        assertEquals("EEXIST", e.errnoName());
        assertEquals("exists", e.kernelMessage());
    }

    @Test
    void errorWithoutExtendedAck() {
        MessageBuilder err = new MessageBuilder(NLMSG_ERROR, 0).u32(-1).bytes(request().build(5, 0));
        SysException e = NetlinkSocket.error(Message.parse(err.build(5, 0)), "mount");
        assertEquals("EPERM", e.errnoName());
        assertNull(e.kernelMessage());
    }

    private static byte[] trimToHeader(MessageBuilder ack) {
        byte[] full = ack.build(5, 0);
        byte[] out = java.util.Arrays.copyOf(full, NLMSG_HDRLEN + 4 + NLMSG_HDRLEN);
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.nativeOrder()).putInt(0, out.length);
        return out;
    }
}
