package io.nslab.netlink.msg;

/** Constants of the netlink protocol itself (linux/netlink.h), shared by every family. */
public final class Netlink {
    // Protocols (socket(AF_NETLINK, SOCK_RAW, protocol)).
    public static final int NETLINK_ROUTE = 0, NETLINK_NETFILTER = 12;

    // Message types every family shares.
    public static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;

    // Header flags.
    public static final int NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_ECHO = 0x8,
            NLM_F_DUMP_INTR = 0x10;
    // ... for GET requests
    public static final int NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    // ... for NEW requests
    public static final int NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800;
    // ... on NLMSG_ERROR acknowledgements
    public static final int NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;

    // Extended-ACK attributes carried by NLMSG_ERROR when NLM_F_ACK_TLVS is set.
    public static final int NLMSGERR_ATTR_MSG = 1, NLMSGERR_ATTR_OFFS = 2;

    // Attribute type bits.
    public static final int NLA_F_NESTED = 0x8000, NLA_F_NET_BYTEORDER = 0x4000, NLA_TYPE_MASK = 0x3fff;

    /** Size of struct nlmsghdr and of struct nlattr. */
    public static final int NLMSG_HDRLEN = 16, NLA_HDRLEN = 4;

    private Netlink() {}

    /** Messages and attributes start on 4-byte boundaries (NLMSG_ALIGN, NLA_ALIGN). */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
