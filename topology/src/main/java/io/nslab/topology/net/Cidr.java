package io.nslab.topology.net;

/**
 * An address with a prefix length, as written in lab files: {@code 172.20.0.10/24} is the
 * address 172.20.0.10 on the subnet 172.20.0.0/24.
 */
public record Cidr(Ipv4 address, int prefix) {
    public Cidr {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix /" + prefix + " is not between 0 and 32");
    }

    public static Cidr parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (like 10.0.0.1/24)");
        String len = text.substring(slash + 1);
        boolean digits = (len.length() == 1 || len.length() == 2) && len.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: the prefix length must be 0 to 32");
        int prefix = Integer.parseInt(len);
        if (prefix > 32) throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: the prefix length must be 0 to 32");
        return new Cidr(Ipv4.parse(text.substring(0, slash)), prefix);
    }

    public static Cidr of(Ipv4 address, int prefix) { return new Cidr(address, prefix); }

    public int mask() { return prefix == 0 ? 0 : -1 << (32 - prefix); }

    public Ipv4 network() { return new Ipv4(address.bits() & mask()); }

    public Ipv4 broadcast() { return new Ipv4(address.bits() | ~mask()); }

    /** This CIDR reduced to its subnet: 172.20.0.10/24 gives 172.20.0.0/24. */
    public Cidr subnet() { return new Cidr(network(), prefix); }

    public boolean isNetworkAddress() { return address.equals(network()); }

    public long size() { return 1L << (32 - prefix); }

    public boolean contains(Ipv4 ip) { return (ip.bits() & mask()) == (address.bits() & mask()); }

    public boolean overlaps(Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        int m = shorter == 0 ? 0 : -1 << (32 - shorter);
        return (address.bits() & m) == (other.address.bits() & m);
    }

    /** The first usable host address: the network address itself is not one, except on /31 and /32 (RFC 3021). */
    public Ipv4 firstHost() { return prefix >= 31 ? network() : network().plus(1); }

    public Ipv4 lastHost() { return prefix >= 31 ? broadcast() : broadcast().plus(-1); }

    /** Whether the address can be given to an interface: inside the subnet, not its network or broadcast address. */
    public boolean isHost(Ipv4 ip) {
        return contains(ip) && ip.compareTo(firstHost()) >= 0 && ip.compareTo(lastHost()) <= 0;
    }

    @Override
    public String toString() { return address + "/" + prefix; }

    // Written out, as Ipv4's are (see there): no method handles bootstrapped at run time.
    @Override
    public boolean equals(Object o) { return o instanceof Cidr other && other.prefix == prefix && other.address.equals(address); }

    @Override
    public int hashCode() { return address.hashCode() * 31 + prefix; }
}
