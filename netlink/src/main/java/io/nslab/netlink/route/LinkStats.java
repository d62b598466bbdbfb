package io.nslab.netlink.route;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A link's counters as {@code ip -s link} shows them: the first eight fields of the kernel's
 * {@code struct rtnl_link_stats64} (IFLA_STATS64), each a 64-bit count since the link was made;
 * and its state, from the same dump: {@code up} (IFF_UP: set up) and {@code carrier}
 * (IFF_LOWER_UP: a veth has one only while its peer is up too, a cable plugged in at both ends).
 */
public record LinkStats(int index, String name, boolean up, boolean carrier, long rxPackets, long txPackets, long rxBytes, long txBytes,
                        long rxErrors, long txErrors, long rxDropped, long txDropped) {
    private static final int IFF_UP = 0x1, IFF_LOWER_UP = 0x10000;

    /** The counters in IFLA_STATS64's payload (host byte order; at least 64 bytes); {@code flags}: ifi_flags. */
    static LinkStats of(int index, String name, int flags, byte[] stats64) {
        if (stats64.length < 64) throw new IllegalArgumentException("IFLA_STATS64 of " + stats64.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(stats64).order(ByteOrder.nativeOrder());
        return new LinkStats(index, name, (flags & IFF_UP) != 0, (flags & IFF_LOWER_UP) != 0, b.getLong(0), b.getLong(8), b.getLong(16),
                b.getLong(24), b.getLong(32), b.getLong(40), b.getLong(48), b.getLong(56));
    }
}
