package io.nslab.netlink.nft;

/**
 * Source NAT of a subnet to the address of whatever interface a packet leaves by, except
 * {@code exceptOutIf} (the subnet's own bridge; null for none):
 * {@code ip saddr CIDR oifname != IF masquerade}, Docker's MASQUERADE rule for docker0.
 */
public record Masquerade(String sourceCidr, String exceptOutIf) {
    public Masquerade {
        Ipv4Prefix.parse(sourceCidr);
        if (exceptOutIf != null && (exceptOutIf.isEmpty() || exceptOutIf.length() > 15)) {
            throw new IllegalArgumentException("invalid interface name '" + exceptOutIf + "'");
        }
    }

    /** The rule in nft's syntax, as {@code nft list ruleset} shows it (without the counter). */
    public String toNft() {
        return "ip saddr " + sourceCidr + (exceptOutIf == null ? "" : " oifname != \"" + exceptOutIf + "\"") + " masquerade";
    }
}
