package io.nslab.netlink.route;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Mac;

import static io.nslab.netlink.route.Rt.*;


import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.socket.Request;

/**
 * The changes rtnetlink can make, shared by {@link Rtnetlink} (each one sent and acknowledged
 * at once) and {@link RtnetlinkBatch} (queued and sent together). Subclasses say how a request
 * is submitted and how an interface name becomes an index.
 */
public abstract class LinkOperations {

    /** Sends (or queues) one request. */
    protected abstract void submit(Request request);

    /** The index of the interface named NAME (ENODEV if there is none). */
    protected abstract int index(String ifname);

    /** The interface named NAME no longer exists under that name (deleted, renamed, moved). */
    protected void forget(String ifname) {}

    /** ip link add NAME [mtu MTU] type bridge (mtu 0: the kernel's default). */
    public void createBridge(String name, int mtu) {
        submit(new Request(RtMessages.newLink(name, "bridge", mtu), "create bridge " + name));
    }

    /**
     * ip link add NAME type veth peer name PEER netns PEER_NS: one end here, the other in
     * {@code peerNs} (null: here too), both with {@code mtu} (0: default), the peer with
     * {@code peerMac} (null for a random one).
     */
    public void createVeth(String name, String peerName, NetNs peerNs, int mtu, Mac peerMac) {
        MessageBuilder m = RtMessages.newVeth(name, peerName, peerNs == null ? -1 : peerNs.fd(), mtu,
                peerMac == null ? null : peerMac.bytes());
        submit(new Request(m, "create veth " + name + " (peer " + peerName + (peerNs == null ? "" : " in netns " + peerNs) + ")"));
    }

    public void setUp(String ifname) {
        submit(new Request(RtMessages.setUp(0, ifname, true), "set " + ifname + " up"));
    }

    public void setDown(String ifname) {
        submit(new Request(RtMessages.setUp(0, ifname, false), "set " + ifname + " down"));
    }

    public void setMtu(String ifname, int mtu) {
        submit(new Request(RtMessages.change(0, ifname).attrU32(IFLA_MTU, mtu), "set mtu " + mtu + " on " + ifname));
    }

    public void setMac(String ifname, Mac mac) {
        submit(new Request(RtMessages.change(0, ifname).attr(IFLA_ADDRESS, mac.bytes()), "set address " + mac + " on " + ifname));
    }

    /**
     * ip link set IF alias TEXT: a free-form label (IFLA_IFALIAS, at most 255 bytes) the kernel
     * keeps with the link and shows to everyone ({@code ip link show}); an empty TEXT removes it.
     */
    public void setAlias(String ifname, String alias) {
        submit(new Request(RtMessages.setAlias(0, ifname, alias), "set alias of " + ifname));
    }

    /** ip link set IF master BRIDGE. */
    public void setMaster(String ifname, String master) {
        int masterIndex = index(master);
        submit(new Request(RtMessages.change(0, ifname).attrU32(IFLA_MASTER, masterIndex), "attach " + ifname + " to " + master));
    }

    /** ip link set IF nomaster. */
    public void noMaster(String ifname) {
        submit(new Request(RtMessages.change(0, ifname).attrU32(IFLA_MASTER, 0), "detach " + ifname + " from its master"));
    }

    /** ip link set IF name NEW (the kernel refuses while the link is up: EBUSY). */
    public void rename(String ifname, String newName) {
        int index = index(ifname);
        forget(ifname);
        submit(new Request(RtMessages.change(index, ifname).attrString(IFLA_IFNAME, newName), "rename " + ifname + " to " + newName));
    }

    /** ip link set IF netns NS. */
    public void moveTo(String ifname, NetNs target) {
        forget(ifname);
        submit(new Request(RtMessages.change(0, ifname).attrU32(IFLA_NET_NS_FD, target.fd()), "move " + ifname + " to netns " + target));
    }

    /** ip link del NAME (a veth takes its peer with it). */
    public void deleteLink(String name) {
        forget(name);
        submit(new Request(RtMessages.deleteLink(0, name), "delete link " + name));
    }

    /** ip addr add CIDR dev IF. */
    public void addAddress(String ifname, Cidr cidr) {
        submit(new Request(RtMessages.address(true, index(ifname), cidr), "add address " + cidr + " to " + ifname));
    }

    /** ip addr del CIDR dev IF. */
    public void deleteAddress(String ifname, Cidr cidr) {
        submit(new Request(RtMessages.address(false, index(ifname), cidr), "delete address " + cidr + " from " + ifname));
    }

    /** ip route add DEST [via GW] [dev IF]; a /0 DEST is the default route. */
    public void addRoute(Cidr dest, IpAddress via, String dev) {
        submit(routeRequest(true, dest, via, dev));
    }

    /** ip route del DEST [via GW] [dev IF]. */
    public void deleteRoute(Cidr dest, IpAddress via, String dev) {
        submit(routeRequest(false, dest, via, dev));
    }

    /**
     * ip neigh del ADDRESS dev IF: forgets a neighbour (ARP or NDP) entry, tolerating one
     * already gone. The kernel's neighbour table is shared by every namespace and bounded
     * (net.ipv4.neigh.default.gc_thresh3), so a tool that makes many entries at once can free them.
     */
    public void deleteNeighbour(String ifname, IpAddress address) {
        submit(new Request(RtMessages.deleteNeighbour(index(ifname), address),
                "delete neighbour " + address + " dev " + ifname, io.nslab.sys.Errno.ENOENT));
    }

    private Request routeRequest(boolean add, Cidr dest, IpAddress via, String dev) {
        if (via == null && dev == null && add) throw new IllegalArgumentException("route " + dest + " needs a gateway or a device");
        if (via != null && via.family() != dest.family()) throw new IllegalArgumentException("route " + dest + " cannot go via " + via);
        int oif = dev == null ? 0 : index(dev);
        String what = (add ? "add" : "delete") + " route " + (dest.prefix() == 0 ? "default" : dest) + (via == null ? "" : " via " + via) + (dev == null ? "" : " dev " + dev);
        return new Request(RtMessages.route(add, dest, via, oif), what);
    }

}
