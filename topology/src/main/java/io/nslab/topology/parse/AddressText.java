package io.nslab.topology.parse;

import io.nslab.addr.Cidr;

/** Addresses and subnets as a lab file writes them ({@code ip}, {@code subnet} and their IPv6 twins), checked as they are read. */
final class AddressText {
    private final Problems problems;

    AddressText(Problems problems) { this.problems = problems; }

    /** A subnet in CIDR form whose host bits are zero; null (and an error) otherwise. */
    Cidr subnet(String text, String path, int family) {
        Cidr c = cidr(text, path, family);
        if (c != null && !c.isNetworkAddress()) {
            problems.add(path, "\"" + text + "\" has host bits set; the subnet is " + c.subnet());
            return null;
        }
        return c;
    }

    /** A CIDR of the family the key takes (4: {@code ip}, {@code subnet}; 6: their IPv6 twins). */
    private Cidr cidr(String text, String path, int family) {
        try {
            Cidr c = Cidr.parse(text);
            if (c.family() == family) return c;
            problems.add(path, "\"" + text + "\" is an IPv" + c.family() + " CIDR; this key takes IPv" + family
                    + (family == 4 ? " (like 10.0.0.1/24)" : " (like fd00:20::10/64)"));
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
        }
        return null;
    }

    /** An interface address: a CIDR whose address is a host of its subnet (not its network or broadcast address). */
    Cidr interfaceAddress(String text, String path, int family) {
        Cidr c = cidr(text, path, family);
        if (c == null) return null;
        boolean single = c.prefix() == c.address().width();
        if (single || !c.isHost(c.address())) {
            problems.add(path, "\"" + text + "\" is not a host address of " + c.subnet()
                    + (single ? " (a /" + c.prefix() + " has no room for a peer)" : " (it is the network or broadcast address)"));
            return null;
        }
        return c;
    }
}
