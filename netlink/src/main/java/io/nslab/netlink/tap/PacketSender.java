package io.nslab.netlink.tap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.nslab.netlink.ns.NetNs;
import io.nslab.sys.Sys;

/**
 * Sends whole Ethernet frames out of one link through an AF_PACKET socket, each carrying
 * {@code mark} (SO_MARK, needs CAP_NET_ADMIN). Frames sent so go through the link's egress hook
 * and root qdisc like any others, which is why a filter can tell them by their mark. The
 * socket has protocol 0: it receives nothing.
 */
public final class PacketSender implements AutoCloseable {
    static final int AF_PACKET = 17, SOCK_RAW = 3, SOCK_CLOEXEC = 02000000, SOL_SOCKET = 1, SO_MARK = 36;

    private final int fd;
    private final String ifname;

    private PacketSender(int fd, String ifname) {
        this.fd = fd;
        this.ifname = ifname;
    }

    /** A sender on the link with index {@code ifindex} (named {@code ifname}, for messages) in {@code netns}. */
    public static PacketSender open(NetNs netns, int ifindex, String ifname, int mark) {
        int fd = netns.call(() -> Sys.check(Sys.C.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0), "open packet socket on " + ifname));
        try {
            ByteBuffer value = Sys.intBuffer(mark);
            Sys.check(Sys.C.setsockopt(fd, SOL_SOCKET, SO_MARK, value, 4), "set the mark of a packet socket on " + ifname);
            ByteBuffer sll = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
            sll.putShort(0, (short) AF_PACKET).putInt(4, ifindex); // sockaddr_ll: family, protocol 0, ifindex
            Sys.check(Sys.C.bind(fd, sll, 20), "bind a packet socket to " + ifname);
            return new PacketSender(fd, ifname);
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
    }

    /** Sends the frame between the buffer's position and limit (a direct buffer); false if the kernel refused it (link down, queue full). */
    public boolean send(ByteBuffer frame) {
        return Sys.C.send(fd, frame, frame.remaining(), 0) >= 0;
    }

    public String ifname() { return ifname; }

    @Override
    public void close() {
        Sys.close(fd);
    }
}
