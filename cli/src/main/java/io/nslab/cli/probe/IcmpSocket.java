package io.nslab.cli.probe;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.nslab.sys.Errno;
import io.nslab.sys.LibC;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;

/**
 * A raw IPv4 ICMP socket, non-blocking, in the network namespace of the thread that opens
 * it (usable from any thread afterwards).
 *
 * <p>Why raw and not an unprivileged ICMP datagram socket ({@code SOCK_DGRAM, IPPROTO_ICMP}):
 * that one only works for groups listed in the namespace's {@code net.ipv4.ping_group_range},
 * which is {@code "1 0"} (nobody) in every new network namespace, so nslab would have to
 * change a sysctl of every node; nslab runs as root, and a raw socket needs nothing. The cost:
 * a raw socket sees every ICMP packet of its namespace, so each socket picks its own random
 * identifier and keeps only answers that carry it, and an ICMP_FILTER leaves out all types but
 * echo replies and the errors that quote a request.
 */
final class IcmpSocket implements AutoCloseable {
    private static final LibC C = Sys.C;
    private static final int AF_INET = 2, SOCK_RAW = 3, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000;
    private static final int IPPROTO_ICMP = 1, SOL_RAW = 255, ICMP_FILTER = 1;
    private static final int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final int fd;
    private final ByteBuffer packet = ByteBuffer.allocateDirect(2048).order(ByteOrder.BIG_ENDIAN);
    private final ByteBuffer from = ByteBuffer.allocateDirect(16);
    private final ByteBuffer fromLength = Sys.intBuffer(16);
    private final ByteBuffer to = ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN);

    private IcmpSocket(int fd) {
        this.fd = fd;
    }

    /** Opens the socket in the calling thread's network namespace. */
    static IcmpSocket open() {
        int fd = Sys.check(C.socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP), "open a raw ICMP socket");
        try {
            // Bits set are the types the kernel drops before they reach us.
            int pass = (1 << IcmpEcho.ECHO_REPLY) | (1 << IcmpEcho.DEST_UNREACHABLE) | (1 << IcmpEcho.TIME_EXCEEDED);
            setInt(fd, SOL_RAW, ICMP_FILTER, ~pass, "ICMP_FILTER");
            // Room for many answers arriving at once (pingall: one per node); root may exceed
            // rmem_max, a rootless lab's root may not (that takes the machine's CAP_NET_ADMIN).
            if (C.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, Sys.intBuffer(RECEIVE_BUFFER), 4) < 0) {
                setInt(fd, SOL_SOCKET, SO_RCVBUF, RECEIVE_BUFFER, "SO_RCVBUF");
            }
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
        return new IcmpSocket(fd);
    }

    int fd() { return fd; }

    /**
     * Sends one echo request. Returns 0 when sent, or the errno when the kernel refused it
     * at once (EAGAIN/ENOBUFS: try again later; ENETUNREACH: no route; ...).
     */
    int send(ByteBuffer request, Inet4Address target) {
        // struct sockaddr_in: family (host order), port (0 for ICMP), address, zero padding.
        // Absolute puts: jnr hands the kernel the buffer from its position on.
        to.clear();
        to.order(ByteOrder.nativeOrder()).putShort(0, (short) AF_INET).order(ByteOrder.BIG_ENDIAN)
                .putShort(2, (short) 0).put(4, target.getAddress()).putLong(8, 0);
        long n = C.sendto(fd, request, request.capacity(), 0, to, 16);
        return n < 0 ? Sys.errno() : 0;
    }

    /** One received packet (IPv4 header included) in {@link #packet()}, its length, or -1 when none is waiting. */
    int receive() {
        packet.clear();
        from.clear();
        fromLength.putInt(0, 16);
        long n = C.recvfrom(fd, packet, packet.capacity(), MSG_DONTWAIT, from, fromLength);
        if (n >= 0) return (int) n;
        int errno = Sys.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) return -1;
        throw new SysException("receive ICMP", errno);
    }

    ByteBuffer packet() { return packet; }

    @Override
    public void close() {
        Sys.close(fd);
    }

    private static void setInt(int fd, int level, int option, int value, String what) {
        Sys.check(C.setsockopt(fd, level, option, Sys.intBuffer(value), 4), "setsockopt " + what);
    }
}
