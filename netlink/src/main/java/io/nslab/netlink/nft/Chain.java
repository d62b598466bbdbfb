package io.nslab.netlink.nft;

/**
 * A chain as the kernel lists it. A base chain sits on a hook ({@code hook} and
 * {@code priority} set, {@code type} such as filter or nat, and a {@code policy}); a regular
 * chain is only a jump target and has none of these (null).
 *
 * @param family  the table's family, an NFPROTO_* number ({@link #familyName()} says it as nft does)
 * @param hook    NF_INET_* for ip, ip6, inet and bridge tables (the same numbers), or null
 * @param policy  {@link Nft#NF_DROP} or {@link Nft#NF_ACCEPT} for a base chain, or null
 */
public record Chain(int family, String table, String name, String type, Integer hook, Integer priority, Integer policy) {

    public boolean isBase() { return hook != null; }

    /** A base chain on the forward hook of a family whose forward hook sees routed or bridged IPv4 traffic. */
    public boolean isForward() {
        return hook != null && hook == Nft.NF_INET_FORWARD
                && (family == Nft.NFPROTO_IPV4 || family == Nft.NFPROTO_INET || family == Nft.NFPROTO_BRIDGE);
    }

    public boolean dropsByDefault() { return policy != null && policy == Nft.NF_DROP; }

    /** nft's name of the family: ip, ip6, inet, arp, bridge, netdev. */
    public String familyName() {
        return Nft.familyName(family);
    }

    /** As nft names it: {@code ip filter FORWARD}. */
    @Override
    public String toString() {
        return familyName() + " " + table + " " + name;
    }
}
