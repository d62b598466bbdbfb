package io.nslab.netlink.nft;

import io.nslab.addr.Cidr;

/**
 * Source NAT of a subnet to the address of whatever interface a packet leaves by, except
 * {@code exceptOutIf} (the subnet's own bridge; null for none):
 * {@code ip saddr SOURCE oifname != IF masquerade}, Docker's MASQUERADE rule for docker0.
 */
public record Masquerade(Cidr source, String exceptOutIf) {
    public Masquerade {
        if (source.family() != 4) throw new IllegalArgumentException("the nat table (family ip) masquerades IPv4 only, not " + source);
        if (exceptOutIf != null && (exceptOutIf.isEmpty() || exceptOutIf.length() > 15)) {
            throw new IllegalArgumentException("invalid interface name '" + exceptOutIf + "'");
        }
    }

    /** The rule in nft's syntax, as {@code nft list ruleset} shows it (without the counter). */
    public String toNft() {
        return "ip saddr " + source.subnet() + (exceptOutIf == null ? "" : " oifname != \"" + exceptOutIf + "\"") + " masquerade";
    }
}
