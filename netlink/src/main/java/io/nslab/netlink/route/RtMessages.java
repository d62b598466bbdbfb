package io.nslab.netlink.route;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;

import static io.nslab.netlink.msg.Netlink.*;
import static io.nslab.netlink.route.Rt.*;

import java.nio.charset.StandardCharsets;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * Builds rtnetlink requests, byte for byte as iproute2 does for the same command (the tests
 * compare with its captured output). A link is named by its index when known, otherwise by
 * IFLA_IFNAME (the kernel looks it up), which lets a batch name links it has not created yet.
 */
final class RtMessages {
    private static final int NEW = NLM_F_CREATE | NLM_F_EXCL;

    private RtMessages() {}

    /** ip link add NAME [mtu M] type KIND. */
    static MessageBuilder newLink(String name, String kind, int mtu) {
        MessageBuilder m = ifinfo(RTM_NEWLINK, NEW, 0, 0, 0);
        if (mtu > 0) m.attrU32(IFLA_MTU, mtu);
        m.attrString(IFLA_IFNAME, name);
        int info = m.beginNest(IFLA_LINKINFO);
        m.attr(IFLA_INFO_KIND, kind.getBytes(StandardCharsets.US_ASCII)); // no NUL, as iproute2 sends it
        return m.endNest(info);
    }

    /**
     * ip link add NAME numtxqueues 1 numrxqueues 1 [mtu M] type veth peer name PEER numtxqueues 1
     * numrxqueues 1 [mtu M] [address MAC] [netns NS].
     * <p>One queue each way, on both ends: without the counts the kernel gives a veth a queue
     * per possible CPU, then cuts the real number to one, and each cut waits for an RCU grace
     * period while holding the RTNL lock, two per pair. On a busy 2-core machine that was 1.5 ms
     * a pair, a fifth of a 100-node up. One queue is what a veth uses unless XDP is attached.
     */
    static MessageBuilder newVeth(String name, String peer, int peerNsFd, int mtu, byte[] peerMac) {
        MessageBuilder m = ifinfo(RTM_NEWLINK, NEW, 0, 0, 0);
        oneQueue(m);
        if (mtu > 0) m.attrU32(IFLA_MTU, mtu);
        m.attrString(IFLA_IFNAME, name);
        int info = m.beginNest(IFLA_LINKINFO);
        m.attr(IFLA_INFO_KIND, "veth".getBytes(StandardCharsets.US_ASCII));
        int data = m.beginNest(IFLA_INFO_DATA);
        // The peer is described by a whole ifinfomsg and its own attributes.
        int peerInfo = m.beginNest(VETH_INFO_PEER);
        m.u8(AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
        oneQueue(m);
        if (mtu > 0) m.attrU32(IFLA_MTU, mtu);
        if (peerMac != null) m.attr(IFLA_ADDRESS, peerMac);
        if (peerNsFd >= 0) m.attrU32(IFLA_NET_NS_FD, peerNsFd);
        m.attrString(IFLA_IFNAME, peer);
        m.endNest(peerInfo);
        m.endNest(data);
        return m.endNest(info);
    }

    private static void oneQueue(MessageBuilder m) {
        m.attrU32(IFLA_NUM_TX_QUEUES, 1).attrU32(IFLA_NUM_RX_QUEUES, 1);
    }

    /** Changes the IFF_UP flag: ip link set DEV up|down. */
    static MessageBuilder setUp(int index, String name, boolean up) {
        return named(ifinfo(RTM_NEWLINK, 0, index, up ? IFF_UP : 0, IFF_UP), index, name);
    }

    /** A change of one link; the caller adds the attribute (mtu, address, master, netns fd, new name). */
    static MessageBuilder change(int index, String name) {
        return named(ifinfo(RTM_NEWLINK, 0, index, 0, 0), index, name);
    }

    /** ip link set DEV alias TEXT (an empty TEXT removes the alias). */
    static MessageBuilder setAlias(int index, String name, String alias) {
        return change(index, name).attr(IFLA_IFALIAS, alias.getBytes(StandardCharsets.UTF_8)); // no NUL, as iproute2 sends it
    }

    static MessageBuilder deleteLink(int index, String name) {
        return named(ifinfo(RTM_DELLINK, 0, index, 0, 0), index, name);
    }

    /** The one link named NAME (RTM_GETLINK without dump). */
    static MessageBuilder getLink(String name) {
        MessageBuilder m = ifinfo(RTM_GETLINK, 0, 0, 0, 0);
        m.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
        return m.attrString(IFLA_IFNAME, name);
    }

    static MessageBuilder dumpLinks() {
        MessageBuilder m = ifinfo(RTM_GETLINK, 0, 0, 0, 0);
        return m.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    }

    /** ip -s link show: every link with its counters (the kernel adds IFLA_STATS64 unless told to skip them). */
    static MessageBuilder dumpLinkStats() {
        MessageBuilder m = new MessageBuilder(RTM_GETLINK, 0);
        m.u8(AF_PACKET).u8(0).u16(0).u32(0).u32(0).u32(0);
        return m.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_VF);
    }

    /**
     * ip addr add|del CIDR dev INDEX; an IPv6 address with {@code nodad}: usable at once, with no
     * duplicate address detection first (a lab hands out its addresses itself).
     */
    static MessageBuilder address(boolean add, int index, Cidr cidr) {
        MessageBuilder m = new MessageBuilder(add ? RTM_NEWADDR : RTM_DELADDR, add ? NEW : 0);
        int flags = add && cidr.family() == 6 ? IFA_F_NODAD : 0;
        m.u8(family(cidr.address())).u8(cidr.prefix()).u8(flags).u8(0).u32(index);
        byte[] address = cidr.address().bytes();
        m.attr(IFA_LOCAL, address);
        return m.attr(IFA_ADDRESS, address);
    }

    static MessageBuilder dumpAddresses() {
        MessageBuilder m = new MessageBuilder(RTM_GETADDR, 0);
        return m.u8(AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
    }

    /**
     * ip route add|del DEST [via GW] [dev OIF] (main table). A route with no gateway is a
     * connected one: link scope. Deleting uses scope "nowhere" so any scope matches, as ip does.
     */
    static MessageBuilder route(boolean add, Cidr dest, IpAddress via, int oif) {
        MessageBuilder m = new MessageBuilder(add ? RTM_NEWROUTE : RTM_DELROUTE, add ? NEW : 0);
        int scope = !add ? RT_SCOPE_NOWHERE : via == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        m.u8(family(dest.address())).u8(dest.prefix()).u8(0).u8(0)
                .u8(RT_TABLE_MAIN).u8(add ? RTPROT_BOOT : 0).u8(scope).u8(add ? RTN_UNICAST : 0).u32(0);
        if (dest.prefix() > 0) m.attr(RTA_DST, dest.address().bytes());
        if (via != null) m.attr(RTA_GATEWAY, via.bytes());
        if (oif > 0) m.attrU32(RTA_OIF, oif);
        return m;
    }

    /** ip neigh del ADDRESS dev INDEX (iproute2 leaves its default state, permanent, in the request; the kernel ignores it). */
    static MessageBuilder deleteNeighbour(int index, IpAddress address) {
        MessageBuilder m = new MessageBuilder(RTM_DELNEIGH, 0);
        m.u8(family(address)).u8(0).u16(0).u32(index).u16(NUD_PERMANENT).u8(0).u8(0);
        return m.attr(NDA_DST, address.bytes());
    }

    /** The kernel's address family of an address: AF_INET or AF_INET6. */
    static int family(IpAddress address) {
        return address.family() == 6 ? AF_INET6 : AF_INET;
    }

    static MessageBuilder dumpRoutes() {
        MessageBuilder m = new MessageBuilder(RTM_GETROUTE, 0);
        return m.u8(AF_UNSPEC).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
    }

    private static MessageBuilder ifinfo(int type, int flags, int index, int ifFlags, int change) {
        MessageBuilder m = new MessageBuilder(type, flags);
        return m.u8(AF_UNSPEC).u8(0).u16(0).u32(index).u32(ifFlags).u32(change);
    }

    private static MessageBuilder named(MessageBuilder m, int index, String name) {
        return index > 0 ? m : m.attrString(IFLA_IFNAME, name);
    }
}
