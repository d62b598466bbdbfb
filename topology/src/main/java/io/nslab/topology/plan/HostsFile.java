package io.nslab.topology.plan;

import io.nslab.topology.Addressing;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;

/**
 * A node's {@code /etc/hosts}: localhost, then every node of the lab by name (the address
 * of its first interface, or of the namespace it shares) and every interface as
 * {@code NODE.IF}, so {@code ping web} and {@code curl http://web.eth0/} work in any node.
 */
public final class HostsFile {
    private HostsFile() {}

    public static String of(Lab lab, Addressing addressing, Node self) {
        StringBuilder out = new StringBuilder();
        out.append("# /etc/hosts of node ").append(self.name()).append(" in lab ").append(lab.name()).append(", written by nslab\n");
        out.append("127.0.0.1\tlocalhost\n");
        out.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (Node n : lab.nodes().values()) {
            String alias = n == self && !self.hostname().equals(self.name()) ? " " + self.hostname() : "";
            addressing.nodeAddress(n.name()).ifPresent(ip -> out.append(ip).append('\t').append(n.name()).append(alias).append('\n'));
            for (String ifname : n.interfaces().keySet()) {
                addressing.address(n.name(), ifname).ifPresent(c ->
                        out.append(c.address()).append('\t').append(n.name()).append('.').append(ifname).append('\n'));
            }
        }
        return out.toString();
    }
}
