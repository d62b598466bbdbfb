package io.nslab.netlink.socket;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.netlink.msg.Netlink;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;

@KernelTest
class NetlinkSocketTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    private static MessageBuilder dumpLinks() {
        return new MessageBuilder(18, 0).u8(0).u8(0).u16(0).u32(0).u32(0).u32(0); // RTM_GETLINK, ifinfomsg
    }

    @Test
    void socketsGetDistinctPortsAndSeeTheirOwnNamespace() {
        NetNs ns = throwaway.create();
        try (NetlinkSocket a = ns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE));
             NetlinkSocket b = ns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE))) {
            assertNotEquals(a.portId(), b.portId());
            assertTrue(a.portId() != 0);
            // Used from this thread (outside the namespace), it still sees the namespace: only lo.
            List<Message> links = a.dump(dumpLinks(), "list links");
            assertEquals(1, links.size());
            assertTrue(links.get(0).attributes(16).string(3).equals("lo"));
        }
    }

    @Test
    void manyRequestsInOneSendAllAcknowledged() {
        NetNs ns = throwaway.create();
        try (NetlinkSocket s = ns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE))) {
            // 3000 "set lo up" requests: more than one send's worth, each ACKed.
            MessageBuilder up = new MessageBuilder(16, 0).u8(0).u8(0).u16(0).u32(1).u32(1).u32(1);
            java.util.List<Request> many = new java.util.ArrayList<>();
            for (int i = 0; i < 3000; i++) many.add(new Request(up, "set lo up"));
            s.executeAll(many);
            List<Message> links = s.dump(dumpLinks(), "list links");
            assertEquals(1, links.get(0).body().getInt(8) & 1);
        }
    }
}
