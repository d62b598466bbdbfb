package io.nslab.netlink.tc;

import static io.nslab.netlink.msg.Netlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * The token bucket filter: {@code tc qdisc replace dev IF root handle 1: tbf rate R burst B limit L},
 * byte for byte as tc sends it (rate table included, computed as tc does: the kernel reads only
 * its link-layer type from it today, but older kernels used it). The rate is at most 2^32-1
 * bytes a second (34 Gbit/s), which is all TCA_TBF_PARMS holds without TCA_TBF_RATE64.
 */
public final class Tbf {
    static final int TCA_TBF_PARMS = 1, TCA_TBF_RTAB = 2, TCA_TBF_BURST = 6;
    /** tc's default when no mtu is given: 2047, so cells of 8 bytes (cell_log 3) cover it in 256 slots. */
    private static final int CELL_LOG = 3;
    private static final int LINKLAYER_ETHERNET = 1;

    /** The handle nslab gives a root tbf (1:), whose one class (1:1) a netem may hang under. */
    public static final int HANDLE = Tc.handle(1, 0), CLASS = Tc.handle(1, 1);

    private Tbf() {}

    /** Burst, queue limit: what nslab chooses for a rate (see {@link #burst} and {@link #limit}). */
    static MessageBuilder replaceRoot(int ifindex, long bitsPerSecond) {
        long bytes = bitsPerSecond / 8;
        return replaceRoot(ifindex, bitsPerSecond, burst(bytes), limit(bytes));
    }

    static MessageBuilder replaceRoot(int ifindex, long bitsPerSecond, int burst, int limit) {
        long rate = bitsPerSecond / 8;
        if (rate < 1 || rate > 0xFFFFFFFFL) throw new IllegalArgumentException("tbf rate out of range: " + bitsPerSecond + " bit/s");
        MessageBuilder m = TcMsg.of(Tc.RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex, HANDLE, Tc.TC_H_ROOT, 0, "tbf");
        int options = m.beginNest(Tc.TCA_OPTIONS);
        ByteBuffer parms = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
        // struct tc_ratespec rate: cell_log, linklayer, overhead, cell_align, mpu, rate
        parms.put((byte) CELL_LOG).put((byte) LINKLAYER_ETHERNET).putShort((short) 0).putShort((short) -1).putShort((short) 0).putInt((int) rate);
        parms.position(parms.position() + 12); // peakrate: none
        parms.putInt(limit).putInt(xmitTicks(rate, burst)).putInt(0);
        m.attr(TCA_TBF_PARMS, parms.array());
        m.attrU32(TCA_TBF_BURST, burst);
        ByteBuffer rtab = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 256; i++) rtab.putInt(xmitTicks(rate, (i + 1) << CELL_LOG));
        m.attr(TCA_TBF_RTAB, rtab.array());
        return m.endNest(options);
    }

    /**
     * Bucket size: 5 ms at the rate, and at least two full frames (a smaller bucket than one
     * frame stalls the queue; the kernel splits a GSO packet into frames that fit).
     */
    public static int burst(long bytesPerSecond) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(2 * 1514, bytesPerSecond / 200));
    }

    /** Queue limit: the bucket and 50 ms at the rate (tc's examples use "latency 50ms"). */
    public static int limit(long bytesPerSecond) {
        return (int) Math.min(Integer.MAX_VALUE, burst(bytesPerSecond) + Math.max(3 * 1514, bytesPerSecond / 20));
    }

    /** tc_calc_xmittime: the time to send SIZE bytes, in whole µs, then in ticks (both truncated as tc does). */
    static int xmitTicks(long bytesPerSecond, int size) {
        long micros = (long) (1_000_000.0 * ((double) size / (double) bytesPerSecond));
        return Tc.ticks(micros);
    }
}
