package io.nslab.netlink.route;

/** rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, veth.h). */
final class Rt {
    static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18,
            RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22,
            RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26,
            RTM_DELNEIGH = 29;

    static final int AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10, AF_PACKET = 17;
    static final int IFF_UP = 1;

    // struct ifinfomsg: family, pad, type, index, flags, change.
    static final int IFINFOMSG_LEN = 16;
    static final int IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINK = 5, IFLA_MASTER = 10,
            IFLA_OPERSTATE = 16, IFLA_STATS64 = 23, IFLA_LINKINFO = 18, IFLA_IFALIAS = 20, IFLA_EXT_MASK = 29, IFLA_NET_NS_FD = 28,
            IFLA_NUM_TX_QUEUES = 31, IFLA_NUM_RX_QUEUES = 32, IFLA_LINK_NETNSID = 37;
    static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;
    static final int RTEXT_FILTER_VF = 1, RTEXT_FILTER_SKIP_STATS = 8;

    // struct ifaddrmsg: family, prefixlen, flags, scope, index.
    static final int IFADDRMSG_LEN = 8;
    static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3;
    /** ifa_flags: no duplicate address detection for this (IPv6) address. */
    static final int IFA_F_NODAD = 0x02;

    // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags.
    static final int RTMSG_LEN = 12;
    static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PRIORITY = 6, RTA_PREFSRC = 7, RTA_TABLE = 15;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254, RT_SCOPE_NOWHERE = 255;
    static final int RTN_UNICAST = 1;

    // struct ndmsg: family, pad1, pad2, ifindex, state, flags, type.
    static final int NDA_DST = 1;
    static final int NUD_PERMANENT = 0x80;

    private Rt() {}
}
