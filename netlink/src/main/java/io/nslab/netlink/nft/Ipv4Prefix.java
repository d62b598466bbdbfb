package io.nslab.netlink.nft;

/** An IPv4 network "a.b.c.d/n" as the bytes nf_tables compares. */
record Ipv4Prefix(byte[] address, int length) {
    static Ipv4Prefix parse(String cidr) {
        String[] parts = cidr.split("/", -1);
        if (parts.length != 2) throw invalid(cidr);
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) throw invalid(cidr);
        byte[] address = new byte[4];
        try {
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(octets[i]);
                if (v < 0 || v > 255 || !octets[i].matches("[0-9]{1,3}")) throw invalid(cidr);
                address[i] = (byte) v;
            }
            int length = Integer.parseInt(parts[1]);
            if (length < 0 || length > 32 || !parts[1].matches("[0-9]{1,2}")) throw invalid(cidr);
            return new Ipv4Prefix(address, length);
        } catch (NumberFormatException e) {
            throw invalid(cidr);
        }
    }

    /** The first {@code length} bits set. */
    byte[] mask() {
        byte[] mask = new byte[4];
        for (int bit = 0; bit < length; bit++) mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        return mask;
    }

    /** The address with host bits cleared. */
    byte[] network() {
        byte[] mask = mask(), out = new byte[4];
        for (int i = 0; i < 4; i++) out[i] = (byte) (address[i] & mask[i]);
        return out;
    }

    static String format(byte[] address, int length) {
        return (address[0] & 255) + "." + (address[1] & 255) + "." + (address[2] & 255) + "." + (address[3] & 255) + "/" + length;
    }

    private static IllegalArgumentException invalid(String cidr) {
        return new IllegalArgumentException("invalid IPv4 CIDR '" + cidr + "'");
    }
}
