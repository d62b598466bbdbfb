package io.nslab.netlink.route;

import java.util.HexFormat;

/** Ethernet addresses, "aa:bb:cc:dd:ee:ff" to bytes and back. */
final class Mac {
    private Mac() {}

    static byte[] parse(String mac) {
        String[] parts = mac.split(":");
        if (parts.length != 6) throw new IllegalArgumentException("invalid MAC address '" + mac + "'");
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("[0-9a-fA-F]{1,2}")) throw new IllegalArgumentException("invalid MAC address '" + mac + "'");
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    static String format(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }
}
