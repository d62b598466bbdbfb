package io.nslab.netlink.nft;

import io.nslab.addr.Cidr;

/**
 * Source NAT of a subnet to the address of whatever interface a packet leaves by, except
 * {@code exceptOutIf} (the subnet's own bridge; null for none):
 * {@code ip saddr SOURCE oifname != IF masquerade}, Docker's MASQUERADE rule for docker0, or
 * for an IPv6 source (NAT66) {@code ip6 saddr ...}, Docker's ip6tables rule.
 */
public record Masquerade(Cidr source, String exceptOutIf) {
    public Masquerade {
        if (exceptOutIf != null && (exceptOutIf.isEmpty() || exceptOutIf.length() > 15)) {
            throw new IllegalArgumentException("invalid interface name '" + exceptOutIf + "'");
        }
    }

    /** The rule in nft's syntax, as {@code nft list ruleset} shows it (without the counter). */
    public String toNft() {
        return (source.family() == 6 ? "ip6" : "ip") + " saddr " + source.subnet() + (exceptOutIf == null ? "" : " oifname != \"" + exceptOutIf + "\"") + " masquerade";
    }
}
