package io.nslab.cli.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.nslab.cli.capture.bpf.Program;
import io.nslab.sys.LibC;
import io.nslab.sys.SharedMapping;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;
import jnr.ffi.Runtime;

/**
 * An AF_PACKET socket bound to one interface, as tcpdump (libpcap) opens one: it sees every
 * frame the interface receives and sends (ETH_P_ALL), with the direction the kernel gives it
 * (sll_pkttype), through a TPACKET_V3 receive ring. Opened in the calling thread's network
 * namespace, usable from any thread.
 *
 * <p>The socket is made with protocol 0 (it receives nothing yet), gets its filter and its
 * ring, and only then is bound with ETH_P_ALL: no packet the filter refuses is ever queued.
 *
 * <p>The ring: {@link #blocksFor} blocks of {@value #BLOCK_SIZE} bytes mapped into this process.
 * The kernel writes packets one after another into its current block, each with a header
 * (struct tpacket3_hdr: lengths, a nanosecond timestamp, then struct sockaddr_ll), and hands
 * the block over (block_status TP_STATUS_USER) when it is full or {@code retireMillis} after its
 * first packet; the reader walks the block in place and gives it back (TP_STATUS_KERNEL). No
 * system call and no copy per packet: a recvfrom and an ioctl for its timestamp per packet kept
 * nslab at half tcpdump's rate on a bulk transfer (bench/capture.sh).
 */
final class PacketSocket implements AutoCloseable {
    private static final LibC C = Sys.C;
    private static final int AF_PACKET = 17, SOCK_RAW = 3, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000;
    private static final int ETH_P_ALL = 0x0003;
    private static final int SOL_SOCKET = 1, SO_ERROR = 4, SO_ATTACH_FILTER = 26, ENETDOWN = 100;
    private static final int SOL_PACKET = 263, PACKET_RX_RING = 5, PACKET_STATISTICS = 6, PACKET_VERSION = 10, TPACKET_V3 = 2;
    private static final long SIOCGIFINDEX = 0x8933;
    /** A block holds whole packets: a 64 KiB TCP segment on a veth (GSO) fits three times. */
    static final int BLOCK_SIZE = 256 << 10;
    /**
     * The kernel memory all taps of one capture share: one tap gets 32 MiB, the kernel buffer
     * tcpdump -B 32768 asks for; many taps get less each (the kernel allocates every ring whole
     * at once: 32 MiB for each of --all's 600 taps on a 300-node lab would be 19 GiB).
     */
    private static final int BUDGET = 64 << 20, MOST_BLOCKS = 128, FEWEST_BLOCKS = 4;
    private static final int TP_STATUS_KERNEL = 0, TP_STATUS_USER = 1;
    /** struct tpacket_block_desc: version, offset_to_priv, then tpacket_hdr_v1: block_status, num_pkts, offset_to_first_pkt. */
    private static final int BLOCK_STATUS = 8, BLOCK_PACKETS = 12, BLOCK_FIRST = 16;
    /** struct tpacket3_hdr: next_offset, sec, nsec, snaplen, len, status, mac (u16); sockaddr_ll at 48, its pkttype at 10. */
    private static final int HDR_NEXT = 0, HDR_SEC = 4, HDR_NSEC = 8, HDR_SNAPLEN = 12, HDR_LEN = 16, HDR_MAC = 24, HDR_PKTTYPE = 48 + 10;
    /** Block status is shared with the kernel: read with acquire (the packets after it are whole), written with release. */
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** sll_pkttype values (linux/if_packet.h). */
    static final int PACKET_HOST = 0, PACKET_BROADCAST = 1, PACKET_MULTICAST = 2, PACKET_OTHERHOST = 3, PACKET_OUTGOING = 4;

    /** One packet: {@code kept} of its {@code length} bytes are in the data given with it. */
    record Received(int kept, int length, int packetType, long epochNanos) {
        /** Sent by the interface rather than received: the one direction bit every sink shows. */
        boolean outgoing() {
            return packetType == PACKET_OUTGOING;
        }
    }

    /** PACKET_STATISTICS: what the kernel passed to this socket and what it dropped, since the last read. */
    record Statistics(long packets, long drops) {}

    /** Takes each packet of a block. */
    interface PacketReader {
        /** {@code data}: a view into the ring, valid until the block is given back. */
        void packet(Received packet, ByteBuffer data);
    }

    private final int fd;
    private final SharedMapping ring;
    private final ByteBuffer memory;
    private final int blocks;
    private boolean gone;
    /** The block to look at next (the kernel fills them in turn). */
    private int next;

    private PacketSocket(int fd, SharedMapping ring, int blocks) {
        this.fd = fd;
        this.blocks = blocks;
        this.ring = ring;
        this.memory = ring.buffer();
    }

    /** Opens a socket on interface {@code ifname} of the calling thread's network namespace, with {@code filter} attached if not null. */
    /**
     * Blocks per tap when {@code taps} taps share the budget. Small blocks, many of them: a block
     * is handed over {@code retireMillis} after its first packet however full it is, so at a
     * moderate rate the ring holds blocks-times-retire of time, and 128 blocks of 256 KiB ride
     * out a pause of the reader 4 times longer than 32 of 1 MiB (bench/capture.sh, headers only:
     * 160-1,600 packets dropped per 10 s transfer with 32 blocks, tcpdump none).
     */
    static int blocksFor(int taps) {
        return Math.max(FEWEST_BLOCKS, Math.min(MOST_BLOCKS, BUDGET / Math.max(1, taps) / BLOCK_SIZE));
    }

    static PacketSocket open(String ifname, Program filter, int retireMillis, int blocks) {
        int fd = Sys.check(C.socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "open a packet socket");
        SharedMapping ring = null;
        try {
            int ifindex = ifindex(fd, ifname);
            if (filter != null) attach(fd, filter);
            Sys.check(C.setsockopt(fd, SOL_PACKET, PACKET_VERSION, Sys.intBuffer(TPACKET_V3), 4), "setsockopt PACKET_VERSION TPACKET_V3");
            // struct tpacket_req3: block_size, block_nr, frame_size, frame_nr, retire_blk_tov, sizeof_priv, feature_req_word.
            ByteBuffer req = ByteBuffer.allocateDirect(28).order(ByteOrder.nativeOrder());
            req.putInt(0, BLOCK_SIZE).putInt(4, blocks).putInt(8, BLOCK_SIZE).putInt(12, blocks).putInt(16, retireMillis);
            Sys.check(C.setsockopt(fd, SOL_PACKET, PACKET_RX_RING, req, 28), "setsockopt PACKET_RX_RING");
            ring = SharedMapping.map(fd, BLOCK_SIZE * blocks, "map the capture ring");
            // struct sockaddr_ll: family, protocol (network order), ifindex; the rest is for sending.
            ByteBuffer ll = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
            ll.putShort(0, (short) AF_PACKET).order(ByteOrder.BIG_ENDIAN).putShort(2, (short) ETH_P_ALL)
                    .order(ByteOrder.nativeOrder()).putInt(4, ifindex);
            Sys.check(C.bind(fd, ll, 20), "bind a packet socket to " + ifname);
            return new PacketSocket(fd, ring, blocks);
        } catch (RuntimeException e) {
            if (ring != null) ring.close();
            Sys.close(fd);
            throw e;
        }
    }

    int fd() { return fd; }

    /** Whether the interface went away: the socket will see nothing more. */
    boolean gone() { return gone; }

    /**
     * poll(2) said the socket has an error: the kernel sets ENETDOWN on it when its interface is
     * removed (its namespace deleted, the link removed). Reading SO_ERROR clears it.
     */
    void error() {
        ByteBuffer value = Sys.intBuffer(0);
        int errno = C.getsockopt(fd, SOL_SOCKET, SO_ERROR, value, Sys.intBuffer(4)) < 0 ? Sys.errno() : value.getInt(0);
        if (errno == ENETDOWN) gone = true;
    }

    /**
     * Reads the next block the kernel has handed over, if any: each packet goes to {@code reader}
     * (at most {@code snaplen} bytes of it). Returns the block's number, to {@link #giveBack}
     * once its packets are used, or -1 when the kernel has none ready.
     */
    int readBlock(int snaplen, PacketReader reader) {
        int block = next;
        int base = block * BLOCK_SIZE;
        if (((int) INT.getAcquire(memory, base + BLOCK_STATUS) & TP_STATUS_USER) == 0) return -1;
        next = (next + 1) % blocks;
        int count = memory.getInt(base + BLOCK_PACKETS);
        int at = base + memory.getInt(base + BLOCK_FIRST);
        for (int i = 0; i < count; i++) {
            int kept = Math.min(memory.getInt(at + HDR_SNAPLEN), snaplen);
            int mac = Short.toUnsignedInt(memory.getShort(at + HDR_MAC));
            long nanos = Integer.toUnsignedLong(memory.getInt(at + HDR_SEC)) * 1_000_000_000L + Integer.toUnsignedLong(memory.getInt(at + HDR_NSEC));
            reader.packet(new Received(kept, memory.getInt(at + HDR_LEN), Byte.toUnsignedInt(memory.get(at + HDR_PKTTYPE)), nanos),
                    memory.slice(at + mac, kept));
            at += memory.getInt(at + HDR_NEXT);
        }
        return block;
    }

    int blocks() { return blocks; }

    /** Gives block {@code block} back to the kernel: the views of its packets are no longer valid. */
    void giveBack(int block) {
        INT.setRelease(memory, block * BLOCK_SIZE + BLOCK_STATUS, TP_STATUS_KERNEL);
    }

    /** The counters since the last call (reading them resets them, as the kernel does). */
    Statistics statistics() {
        ByteBuffer stats = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()); // struct tpacket_stats_v3
        ByteBuffer length = Sys.intBuffer(12);
        Sys.check(C.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, stats, length), "getsockopt PACKET_STATISTICS");
        return new Statistics(Integer.toUnsignedLong(stats.getInt(0)), Integer.toUnsignedLong(stats.getInt(4)));
    }

    @Override
    public void close() {
        ring.close();
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
