package io.nslab.netlink.route;

/** An address on an interface: "172.20.0.1/24" on index 3, named "nslab0". */
public record Address(int index, String ifname, String cidr) {
}
