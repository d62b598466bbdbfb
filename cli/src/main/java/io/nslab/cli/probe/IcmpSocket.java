package io.nslab.cli.probe;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.nslab.sys.Errno;
import io.nslab.sys.LibC;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;

/**
 * A raw ICMP socket (IPv4) or ICMPv6 socket (IPv6), non-blocking, in the network namespace of
 * the thread that opens it (usable from any thread afterwards).
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
    private static final int AF_INET = 2, AF_INET6 = 10, SOCK_RAW = 3, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000;
    private static final int IPPROTO_ICMP = 1, SOL_RAW = 255, ICMP_FILTER = 1;
    private static final int IPPROTO_ICMPV6 = 58, ICMP6_FILTER = 1;
    private static final int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final int fd;
    private final boolean v6;
    private final ByteBuffer packet = ByteBuffer.allocateDirect(2048).order(ByteOrder.BIG_ENDIAN);
    private final ByteBuffer from = ByteBuffer.allocateDirect(28).order(ByteOrder.BIG_ENDIAN);
    private final ByteBuffer fromLength = Sys.intBuffer(28);
    private final ByteBuffer to = ByteBuffer.allocateDirect(28).order(ByteOrder.BIG_ENDIAN);

    private IcmpSocket(int fd, boolean v6) {
        this.fd = fd;
        this.v6 = v6;
    }

    /** Opens the socket of {@code family} (4 or 6) in the calling thread's network namespace. */
    static IcmpSocket open(int family) {
        return family == 6 ? open6() : open();
    }

    /** Opens the IPv4 socket in the calling thread's network namespace. */
    static IcmpSocket open() {
        int fd = Sys.check(C.socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP), "open a raw ICMP socket");
        try {
            // Bits set are the types the kernel drops before they reach us.
            int pass = (1 << IcmpEcho.ECHO_REPLY) | (1 << IcmpEcho.DEST_UNREACHABLE) | (1 << IcmpEcho.TIME_EXCEEDED);
            setInt(fd, SOL_RAW, ICMP_FILTER, ~pass, "ICMP_FILTER");
            receiveBuffer(fd);
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
        return new IcmpSocket(fd, false);
    }

    private static IcmpSocket open6() {
        int fd = Sys.check(C.socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6), "open a raw ICMPv6 socket");
        try {
            // struct icmp6_filter: 256 bits, one a type, a bit set blocks the type (the reverse of nothing: RFC 3542).
            ByteBuffer filter = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
            for (int word = 0; word < 8; word++) filter.putInt(4 * word, -1);
            for (int type : new int[] {Icmp6Echo.ECHO_REPLY, Icmp6Echo.DEST_UNREACHABLE, Icmp6Echo.TIME_EXCEEDED}) {
                filter.putInt(4 * (type >> 5), filter.getInt(4 * (type >> 5)) & ~(1 << (type & 31)));
            }
            Sys.check(C.setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, filter, 32), "setsockopt ICMP6_FILTER");
            receiveBuffer(fd);
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
        return new IcmpSocket(fd, true);
    }

    /**
     * Room for many answers arriving at once (pingall: one per node): root may exceed rmem_max;
     * a rootless lab's root may not (that takes the machine's CAP_NET_ADMIN), and gets rmem_max.
     */
    private static void receiveBuffer(int fd) {
        if (C.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, Sys.intBuffer(RECEIVE_BUFFER), 4) < 0) {
            setInt(fd, SOL_SOCKET, SO_RCVBUF, RECEIVE_BUFFER, "SO_RCVBUF");
        }
    }

    boolean isV6() { return v6; }

    int fd() { return fd; }

    /**
     * Sends one echo request. Returns 0 when sent, or the errno when the kernel refused it
     * at once (EAGAIN/ENOBUFS: try again later; ENETUNREACH: no route; ...).
     */
    int send(ByteBuffer request, InetAddress target) {
        // Absolute puts: jnr hands the kernel the buffer from its position on.
        to.clear();
        int length;
        if (v6) {
            // struct sockaddr_in6: family (host order), port (0), flow info, address, scope id (0: a global address).
            to.order(ByteOrder.nativeOrder()).putShort(0, (short) AF_INET6).order(ByteOrder.BIG_ENDIAN)
                    .putShort(2, (short) 0).putInt(4, 0).put(8, target.getAddress()).putInt(24, 0);
            length = 28;
        } else {
            // struct sockaddr_in: family (host order), port (0 for ICMP), address, zero padding.
            to.order(ByteOrder.nativeOrder()).putShort(0, (short) AF_INET).order(ByteOrder.BIG_ENDIAN)
                    .putShort(2, (short) 0).put(4, target.getAddress()).putLong(8, 0);
            length = 16;
        }
        long n = C.sendto(fd, request, request.capacity(), 0, to, length);
        return n < 0 ? Sys.errno() : 0;
    }

    /** One received packet (IPv4 header included) in {@link #packet()}, its length, or -1 when none is waiting. */
    int receive() {
        packet.clear();
        from.clear();
        fromLength.putInt(0, 28);
        long n = C.recvfrom(fd, packet, packet.capacity(), MSG_DONTWAIT, from, fromLength);
        if (n >= 0) return (int) n;
        int errno = Sys.errno();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) return -1;
        throw new SysException("receive ICMP", errno);
    }

    ByteBuffer packet() { return packet; }

    /** The IPv6 address the last received packet came from (sockaddr_in6's address). */
    InetAddress sender6() { return Icmp6Echo.address(from, 8); }

    @Override
    public void close() {
        Sys.close(fd);
    }

    private static void setInt(int fd, int level, int option, int value, String what) {
        Sys.check(C.setsockopt(fd, level, option, Sys.intBuffer(value), 4), "setsockopt " + what);
    }
}
