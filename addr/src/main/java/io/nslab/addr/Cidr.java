package io.nslab.addr;

/**
 * An address with a prefix length, as written in lab files and given to the kernel:
 * {@code 172.20.0.10/24} is the address 172.20.0.10 on the subnet 172.20.0.0/24,
 * {@code fd00:20::10/64} the address fd00:20::10 on fd00:20::/64.
 */
public record Cidr(IpAddress address, int prefix) {
    public Cidr {
        if (address == null) throw new IllegalArgumentException("a CIDR needs an address");
        if (prefix < 0 || prefix > address.width()) {
            throw new IllegalArgumentException("prefix /" + prefix + " is not between 0 and " + address.width());
        }
    }

    /** Parses "ADDRESS/LENGTH" of either family; the length is required. */
    public static Cidr parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (like 10.0.0.1/24 or fd00::1/64)");
        String address = text.substring(0, slash), len = text.substring(slash + 1);
        int max = address.indexOf(':') >= 0 ? 128 : 32;
        boolean digits = !len.isEmpty() && len.length() <= 3 && len.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || Integer.parseInt(len) > max) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: the prefix length must be 0 to " + max);
        }
        return new Cidr(IpAddress.parse(address), Integer.parseInt(len));
    }

    public static Cidr of(IpAddress address, int prefix) { return new Cidr(address, prefix); }

    /** The address alone, as a one-address prefix (/32 or /128). */
    public static Cidr host(IpAddress address) { return new Cidr(address, address.width()); }

    /** 0.0.0.0/0 or ::/0: what {@code default} means as a route's destination. */
    public static Cidr any(int family) { return new Cidr(IpAddress.any(family), 0); }

    public int family() { return address.family(); }

    public IpAddress network() { return address.masked(prefix); }

    /** The last address of the subnet: IPv4's broadcast address. */
    public IpAddress broadcast() { return address.filled(prefix); }

    /** This CIDR reduced to its subnet: 172.20.0.10/24 gives 172.20.0.0/24. */
    public Cidr subnet() { return new Cidr(network(), prefix); }

    public boolean isNetworkAddress() { return address.equals(network()); }

    /** How many addresses the prefix holds (Long.MAX_VALUE for a larger IPv6 prefix). */
    public long size() {
        int hostBits = address.width() - prefix;
        return hostBits >= 63 ? Long.MAX_VALUE : 1L << hostBits;
    }

    public boolean contains(IpAddress ip) { return address.samePrefix(ip, prefix); }

    public boolean overlaps(Cidr other) { return address.samePrefix(other.address, Math.min(prefix, other.prefix)); }

    /**
     * The first address an interface can have: the network address itself is not one, except on
     * IPv4's /31 and /32 (RFC 3021) and IPv6's /127 and /128 (RFC 6164).
     */
    public IpAddress firstHost() { return prefix >= address.width() - 1 ? network() : network().plus(1); }

    /** The last: IPv4 keeps its broadcast address for itself (on /30 and wider); IPv6 has none. */
    public IpAddress lastHost() {
        return address instanceof Ipv4 && prefix < 31 ? broadcast().plus(-1) : broadcast();
    }

    /** Whether the address can be given to an interface: inside the subnet, not its network or broadcast address. */
    public boolean isHost(IpAddress ip) {
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
