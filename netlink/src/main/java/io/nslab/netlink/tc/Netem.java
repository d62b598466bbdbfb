package io.nslab.netlink.tc;

import static io.nslab.netlink.msg.Netlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * The network emulator: {@code tc qdisc replace dev IF root|parent 1:1 handle 10: netem delay D
 * [J] [loss P%]}, as tc sends it (struct tc_netem_qopt and no nested attributes while the times
 * fit in 32-bit ticks). Not every kernel has it (this project's CI kernel has none): the kernel
 * then answers ENOENT, "Specified qdisc kind is unknown".
 */
public final class Netem {
    /** The handle nslab gives a netem (10:), at the root or under a tbf's class 1:1. */
    public static final int HANDLE = Tc.handle(0x10, 0);
    /** tc's default queue limit in packets. */
    static final int LIMIT = 1000;

    private Netem() {}

    /** loss in parts of 1 (0.1 is 10%). Delays in µs, each under 274 s (32-bit ticks). */
    static MessageBuilder replace(int ifindex, boolean underTbf, long delayMicros, long jitterMicros, double loss) {
        MessageBuilder m = TcMsg.of(Tc.RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex, HANDLE,
                underTbf ? Tbf.CLASS : Tc.TC_H_ROOT, 0, "netem");
        ByteBuffer qopt = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        qopt.putInt(Tc.ticks(delayMicros)).putInt(LIMIT).putInt(probability(loss)).putInt(0).putInt(0).putInt(Tc.ticks(jitterMicros));
        return m.attr(Tc.TCA_OPTIONS, qopt.array());
    }

    /** A probability as netem keeps it: a fraction of 2^32-1, rounded as tc's rint does. */
    static int probability(double fraction) {
        return (int) (long) Math.rint(fraction * 4294967295.0);
    }
}
