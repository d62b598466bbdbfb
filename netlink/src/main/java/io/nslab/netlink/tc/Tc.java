package io.nslab.netlink.tc;

/** Traffic-control constants (linux/rtnetlink.h, pkt_sched.h, pkt_cls.h, tc_act/*.h). */
final class Tc {
    static final int RTM_NEWQDISC = 36, RTM_DELQDISC = 37, RTM_GETQDISC = 38,
            RTM_NEWTFILTER = 44, RTM_DELTFILTER = 45;

    /** struct tcmsg: family, pad1, pad2, ifindex, handle, parent, info. */
    static final int TCMSG_LEN = 20;
    static final int TCA_KIND = 1, TCA_OPTIONS = 2;

    static final int TC_H_ROOT = 0xFFFFFFFF, TC_H_CLSACT = 0xFFFFFFF1;
    /** clsact's own handle (ffff:) and its egress hook as a filter parent (ffff:fff3). */
    static final int CLSACT_HANDLE = 0xFFFF0000, CLSACT_EGRESS = 0xFFFFFFF3;

    static final int ETH_P_ALL = 0x0003;

    /** psched ticks per microsecond: /proc/net/psched says 1000/64 on every kernel since 3.x (ns resolution, 64 ns a tick). */
    static final double TICKS_PER_US = 1000.0 / 64;

    private Tc() {}

    /** A handle "MAJ:MIN" as the kernel keeps it. */
    static int handle(int major, int minor) {
        return (major << 16) | (minor & 0xFFFF);
    }

    /** tc_core_time2tick(time in µs), both truncated to unsigned int as tc does. */
    static int ticks(long micros) {
        return (int) (long) (micros * TICKS_PER_US);
    }
}
