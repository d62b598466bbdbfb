package io.nslab.cli.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.nslab.cli.capture.bpf.Program;
import io.nslab.sys.Errno;
import io.nslab.sys.LibC;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;
import jnr.ffi.Runtime;

/**
 * An AF_PACKET socket bound to one interface, as tcpdump opens one: it sees every frame the
 * interface receives and sends (ETH_P_ALL), with the direction the kernel gives it
 * (sll_pkttype). Opened in the calling thread's network namespace, usable from any thread.
 *
 * <p>The socket is made with protocol 0 (it receives nothing yet), gets its filter, and only
 * then is bound with ETH_P_ALL: no packet the filter refuses is ever queued. Timestamps come
 * from SIOCGSTAMPNS after each receive (the time the kernel stamped the last packet read, in
 * nanoseconds): one more system call per packet, but no recvmsg and no control messages.
 */
final class PacketSocket implements AutoCloseable {
    private static final LibC C = Sys.C;
    private static final int AF_PACKET = 17, SOCK_RAW = 3, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000;
    private static final int ETH_P_ALL = 0x0003;
    private static final int SOL_SOCKET = 1, SO_RCVBUFFORCE = 33, SO_ATTACH_FILTER = 26;
    private static final int SOL_PACKET = 263, PACKET_STATISTICS = 6;
    private static final long SIOCGIFINDEX = 0x8933, SIOCGSTAMPNS = 0x8907;
    private static final int MSG_DONTWAIT = 0x40, MSG_TRUNC = 0x20;
    /** Room for a burst (a bulk TCP transfer's segments are up to 64 KiB each on a veth). */
    private static final int RECEIVE_BUFFER = 32 << 20;

    /** sll_pkttype values (linux/if_packet.h). */
    static final int PACKET_HOST = 0, PACKET_BROADCAST = 1, PACKET_MULTICAST = 2, PACKET_OTHERHOST = 3, PACKET_OUTGOING = 4;

    /** What one receive got: the bytes kept are in the buffer given to {@link #receive}. */
    record Received(int kept, int length, int packetType, long epochNanos) {}

    /** PACKET_STATISTICS: what the kernel passed to this socket and what it dropped, since the last read. */
    record Statistics(long packets, long drops) {}

    private static final int ENETDOWN = 100;

    private final int fd;
    private boolean gone;
    private final ByteBuffer from = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
    private final ByteBuffer fromLength = Sys.intBuffer(20);
    private final ByteBuffer stamp = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());

    private PacketSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket on interface {@code ifname} of the calling thread's network namespace, with {@code filter} attached if not null. */
    static PacketSocket open(String ifname, Program filter) {
        int fd = Sys.check(C.socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "open a packet socket");
        try {
            int ifindex = ifindex(fd, ifname);
            if (filter != null) attach(fd, filter);
            ByteBuffer size = Sys.intBuffer(RECEIVE_BUFFER);
            Sys.check(C.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4), "setsockopt SO_RCVBUFFORCE");
            C.ioctl(fd, SIOCGSTAMPNS, ByteBuffer.allocateDirect(16)); // turns on timestamps (no packet yet: may fail)
            // struct sockaddr_ll: family, protocol (network order), ifindex; the rest is for sending.
            ByteBuffer ll = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
            ll.putShort(0, (short) AF_PACKET).order(ByteOrder.BIG_ENDIAN).putShort(2, (short) ETH_P_ALL)
                    .order(ByteOrder.nativeOrder()).putInt(4, ifindex);
            Sys.check(C.bind(fd, ll, 20), "bind a packet socket to " + ifname);
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
        return new PacketSocket(fd);
    }

    int fd() { return fd; }

    /** Whether the interface went away: the socket will see nothing more. */
    boolean gone() { return gone; }

    /** One packet into {@code into} (from 0, at most its capacity), or null when none is waiting. */
    Received receive(ByteBuffer into) {
        into.clear();
        fromLength.putInt(0, 20);
        long n = C.recvfrom(fd, into, into.capacity(), MSG_DONTWAIT | MSG_TRUNC, from, fromLength);
        if (n < 0) {
            int errno = Sys.errno();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) return null;
            if (errno == ENETDOWN) { // the interface was removed (its namespace deleted, the link removed)
                gone = true;
                return null;
            }
            throw new SysException("receive a packet", errno);
        }
        int length = (int) n; // MSG_TRUNC: the packet's real length, even when longer than the buffer
        into.limit(Math.min(length, into.capacity()));
        return new Received(into.limit(), length, from.get(10) & 0xff, stampNanos());
    }

    private long stampNanos() {
        long now = System.currentTimeMillis() * 1_000_000L;
        if (C.ioctl(fd, SIOCGSTAMPNS, stamp) < 0) return now;
        long nanos = stamp.getLong(0) * 1_000_000_000L + stamp.getLong(8);
        // A packet not stamped by the kernel reads as "now" or 0; anything far off is no stamp.
        return Math.abs(nanos - now) < 10_000_000_000L ? nanos : now;
    }

    /** The counters since the last call (reading them resets them, as the kernel does). */
    Statistics statistics() {
        ByteBuffer stats = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        ByteBuffer length = Sys.intBuffer(8);
        Sys.check(C.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, stats, length), "getsockopt PACKET_STATISTICS");
        return new Statistics(Integer.toUnsignedLong(stats.getInt(0)), Integer.toUnsignedLong(stats.getInt(4)));
    }

    @Override
    public void close() {
        Sys.close(fd);
    }

    private static int ifindex(int fd, String ifname) {
        // struct ifreq: the name (16 bytes, NUL-terminated), then a union holding ifr_ifindex.
        byte[] name = ifname.getBytes(StandardCharsets.UTF_8);
        if (name.length > 15) throw new IllegalArgumentException("no interface can be named " + ifname);
        ByteBuffer req = ByteBuffer.allocateDirect(40).order(ByteOrder.nativeOrder());
        req.put(0, name);
        if (C.ioctl(fd, SIOCGIFINDEX, req) < 0) throw new SysException("find interface " + ifname, Sys.errno());
        return req.getInt(16);
    }

    /** SO_ATTACH_FILTER with a struct sock_fprog: the count of instructions and the address of the first. */
    private static void attach(int fd, Program filter) {
        ByteBuffer code = filter.encode();
        long address = Runtime.getSystemRuntime().getMemoryManager().newPointer(code).address();
        ByteBuffer prog = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        prog.putShort(0, (short) filter.instructions().size()).putLong(8, address);
        try {
            Sys.check(C.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, prog, 16), "attach the filter (SO_ATTACH_FILTER)");
        } finally {
            java.lang.ref.Reference.reachabilityFence(code);
        }
    }
}
