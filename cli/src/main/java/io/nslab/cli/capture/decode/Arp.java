package io.nslab.cli.capture.decode;

import java.nio.ByteBuffer;

/** ARP over Ethernet for IPv4: "ARP who-has 172.20.0.10 tell 172.20.0.2", "ARP 172.20.0.10 is-at MAC". */
final class Arp {
    private Arp() {}

    static Decoded of(ByteBuffer p) {
        if (p.limit() < 28) return Decoded.of("arp", null, null, "ARP, truncated");
        int op = p.getShort(6) & 0xffff;
        String sender = Summary.ipv4(p, 14), target = Summary.ipv4(p, 24);
        return Decoded.of("arp", sender, target, switch (op) {
            case 1 -> "ARP who-has " + target + " tell " + sender;
            case 2 -> "ARP " + sender + " is-at " + Summary.mac(p, 8);
            default -> "ARP op " + op + " " + sender + " > " + target;
        });
    }
}
