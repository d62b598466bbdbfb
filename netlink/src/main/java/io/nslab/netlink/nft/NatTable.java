package io.nslab.netlink.nft;

import java.util.List;

/**
 * A lab's NAT rules, IPv4 and IPv6 alike, in their own nf_tables table of family inet: chains
 * {@code prerouting} (dstnat), {@code output} (dstnat, for connections made from the namespace
 * itself) and {@code postrouting} (srcnat). Each Dnat goes in prerouting and output. The
 * {@code comment} (or null) is the table's, as {@code nft list table} shows it.
 */
public record NatTable(String name, List<Masquerade> masquerades, List<Dnat> dnats, String comment) {
    /** A table without a comment. */
    public NatTable(String name, List<Masquerade> masquerades, List<Dnat> dnats) {
        this(name, masquerades, dnats, null);
    }

    public NatTable {
        if (name == null || name.isEmpty() || name.length() > 255) throw new IllegalArgumentException("invalid table name '" + name + "'");
        masquerades = List.copyOf(masquerades);
        dnats = List.copyOf(dnats);
    }
}
