package io.nslab.netlink.tc;

import io.nslab.netlink.msg.MessageBuilder;

/** {@code tc qdisc del dev IF root}: back to the link's default queue (noqueue on a veth). */
final class RootQdisc {
    private RootQdisc() {}

    static MessageBuilder delete(int ifindex) {
        return TcMsg.of(Tc.RTM_DELQDISC, 0, ifindex, 0, Tc.TC_H_ROOT, 0, null);
    }
}
