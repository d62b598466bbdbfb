package io.nslab.netlink.nft;

/**
 * nf_tables and nfnetlink constants (linux/netfilter/nf_tables.h, nfnetlink.h, netfilter.h); those
 * of expressions and their data are in {@code expr/}, beside what encodes them.
 */
public final class Nft {
    public static final int NFNL_SUBSYS_NFTABLES = 10;
    public static final int NFNL_MSG_BATCH_BEGIN = 0x10, NFNL_MSG_BATCH_END = 0x11;

    public static final int NFT_MSG_NEWTABLE = 0, NFT_MSG_GETTABLE = 1, NFT_MSG_DELTABLE = 2,
            NFT_MSG_NEWCHAIN = 3, NFT_MSG_GETCHAIN = 4, NFT_MSG_DELCHAIN = 5,
            NFT_MSG_NEWRULE = 6, NFT_MSG_GETRULE = 7, NFT_MSG_DELRULE = 8;

    /** Protocol families as nf_tables numbers them (NFPROTO_*). */
    public static final int NFPROTO_UNSPEC = 0, NFPROTO_INET = 1, NFPROTO_IPV4 = 2, NFPROTO_ARP = 3, NFPROTO_NETDEV = 5,
            NFPROTO_BRIDGE = 7, NFPROTO_IPV6 = 10;

    public static final int NFTA_TABLE_NAME = 1, NFTA_TABLE_FLAGS = 2, NFTA_TABLE_USERDATA = 6;
    /** The comment in a table's user data, as nft stores it (libnftnl's NFTNL_UDATA_TABLE_COMMENT). */
    public static final int UDATA_TABLE_COMMENT = 0;
    public static final int NFTA_CHAIN_TABLE = 1, NFTA_CHAIN_HANDLE = 2, NFTA_CHAIN_NAME = 3, NFTA_CHAIN_HOOK = 4,
            NFTA_CHAIN_POLICY = 5, NFTA_CHAIN_TYPE = 7;
    public static final int NFTA_HOOK_HOOKNUM = 1, NFTA_HOOK_PRIORITY = 2;
    public static final int NFTA_RULE_TABLE = 1, NFTA_RULE_CHAIN = 2, NFTA_RULE_HANDLE = 3, NFTA_RULE_EXPRESSIONS = 4;

    /** Hooks of the ip/ip6/inet families. */
    public static final int NF_INET_PRE_ROUTING = 0, NF_INET_LOCAL_IN = 1, NF_INET_FORWARD = 2,
            NF_INET_LOCAL_OUT = 3, NF_INET_POST_ROUTING = 4;
    /** nft's named priorities for nat chains: "dstnat" and "srcnat". */
    public static final int PRIORITY_DSTNAT = -100, PRIORITY_SRCNAT = 100;
    /** Verdicts, as a base chain's policy holds them. */
    public static final int NF_DROP = 0, NF_ACCEPT = 1;

    /** The verdict register and the four 16-byte data registers. */
    public static final int NFT_REG_VERDICT = 0, NFT_REG_1 = 1, NFT_REG_2 = 2, NFT_REG_3 = 3, NFT_REG_4 = 4;

    private Nft() {}

    /** nft's name of an NFPROTO_* family: ip, ip6, inet, arp, bridge, netdev. */
    public static String familyName(int nfproto) {
        return switch (nfproto) {
            case NFPROTO_INET -> "inet";
            case NFPROTO_IPV4 -> "ip";
            case NFPROTO_ARP -> "arp";
            case NFPROTO_NETDEV -> "netdev";
            case NFPROTO_BRIDGE -> "bridge";
            case NFPROTO_IPV6 -> "ip6";
            default -> "family " + nfproto;
        };
    }
}
