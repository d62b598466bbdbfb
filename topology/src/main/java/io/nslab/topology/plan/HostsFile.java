package io.nslab.topology.plan;

import java.util.Optional;

import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;

/**
 * The lab's {@code /etc/hosts}: localhost, then every node of the lab by name (the address
 * of its first interface, or of the namespace it shares) and every interface as
 * {@code NODE.IF}, by its IPv4 and then its IPv6 addresses, so {@code ping web} and {@code curl http://web.eth0/} work in any node. One
 * file for the whole lab; each node gets a copy of its own, which alone also names the node's
 * own hostname when that differs from its name ({@link #ownLine}): as in Docker, a hostname
 * is the node's own business.
 */
public final class HostsFile {
    private static final int[] FAMILIES = {4, 6};

    private HostsFile() {}

    public static String of(Lab lab) {
        StringBuilder out = new StringBuilder();
        out.append("# /etc/hosts of lab ").append(lab.name()).append(" (this node's own copy), written by nslab\n");
        out.append("127.0.0.1\tlocalhost\n");
        out.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (Node n : lab.nodes().values()) {
            for (int family : FAMILIES) {
                lab.nodeAddress(n.name(), family).ifPresent(ip -> out.append(ip).append('\t').append(n.name()).append('\n'));
                for (String ifname : n.interfaces().keySet()) {
                    lab.address(n.name(), ifname, family).ifPresent(c ->
                            out.append(c.address()).append('\t').append(n.name()).append('.').append(ifname).append('\n'));
                }
            }
        }
        return out.toString();
    }

    /** The line only {@code self}'s copy has: its hostname, when it has one of its own and an address. */
    public static Optional<String> ownLine(Lab lab, Node self) {
        if (self.hostname().equals(self.name())) return Optional.empty();
        StringBuilder line = new StringBuilder();
        for (int family : FAMILIES) lab.nodeAddress(self.name(), family).ifPresent(ip -> line.append(ip).append('\t').append(self.hostname()).append('\n'));
        return line.length() == 0 ? Optional.empty() : Optional.of(line.toString());
    }
}
