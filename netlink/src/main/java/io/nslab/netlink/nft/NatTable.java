package io.nslab.netlink.nft;

import java.util.List;

/**
 * A lab's NAT rules, in their own nf_tables table (family ip; its IPv6 rules in a table of the
 * same name of family ip6): chains {@code prerouting} (dstnat), {@code output} (dstnat, for
 * connections made from the namespace itself) and {@code postrouting} (srcnat). Each Dnat goes
 * in prerouting and output. The {@code comment} (or null) is the tables', as
 * {@code nft list table} shows it.
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

    /**
     * The address families that get a table: 4 for IPv4 rules, 6 for IPv6 ones, and an empty
     * table of family ip when there are no rules at all (as before IPv6: IPv4-only labs keep
     * exactly one table).
     */
    public List<Integer> families() {
        boolean v4 = masquerades.stream().anyMatch(m -> m.source().family() == 4) || dnats.stream().anyMatch(d -> d.toAddress().family() == 4);
        boolean v6 = masquerades.stream().anyMatch(m -> m.source().family() == 6) || dnats.stream().anyMatch(d -> d.toAddress().family() == 6);
        if (v4 && v6) return List.of(4, 6);
        return v6 ? List.of(6) : List.of(4);
    }
}
