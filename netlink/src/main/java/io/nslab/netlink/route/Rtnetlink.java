package io.nslab.netlink.route;

import io.nslab.addr.Mac;

import static io.nslab.netlink.route.Rt.*;

import io.nslab.addr.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.Netlink;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.socket.NetlinkSocket;
import io.nslab.netlink.socket.Request;
import io.nslab.sys.Errno;
import io.nslab.sys.InNamespace;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;

/**
 * rtnetlink in one network namespace: links, addresses, routes. Each change is sent and
 * acknowledged before the method returns (a failure is a {@link SysException} naming errno
 * and carrying the kernel's message); {@link #batch()} sends many changes together.
 */
public final class Rtnetlink extends LinkOperations implements AutoCloseable {
    private final NetlinkSocket socket;
    private final NetNs netns;

    private Rtnetlink(NetlinkSocket socket, NetNs netns) {
        this.socket = socket;
        this.netns = netns;
    }

    /** Opens an rtnetlink socket inside {@code netns} (created there by a short-lived thread). */
    public static Rtnetlink open(NetNs netns) {
        return new Rtnetlink(netns.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE)), netns);
    }

    /**
     * Opens an rtnetlink socket inside each namespace, in order, from one short-lived thread
     * that joins each in turn: one thread for all of them rather than one each.
     */
    public static List<Rtnetlink> open(List<NetNs> namespaces) {
        List<NetlinkSocket> sockets = new ArrayList<>(namespaces.size());
        try {
            InNamespace.onFreshThread(() -> {}, () -> {
                for (NetNs ns : namespaces) {
                    Sys.setns(ns.fd(), Sys.CLONE_NEWNET, "netns " + ns);
                    sockets.add(NetlinkSocket.open(Netlink.NETLINK_ROUTE));
                }
                return null;
            });
        } catch (RuntimeException e) {
            sockets.forEach(NetlinkSocket::close);
            throw e;
        }
        List<Rtnetlink> out = new ArrayList<>(namespaces.size());
        for (int i = 0; i < namespaces.size(); i++) out.add(new Rtnetlink(sockets.get(i), namespaces.get(i)));
        return out;
    }

    /** The namespace this socket works in. */
    public NetNs netns() { return netns; }

    /** Queue changes and send them in as few sends as possible: see {@link RtnetlinkBatch}. */
    public RtnetlinkBatch batch() {
        return new RtnetlinkBatch(this);
    }

    @Override
    protected void submit(Request request) {
        socket.execute(request);
    }

    @Override
    protected int index(String ifname) {
        Message reply = socket.get(RtMessages.getLink(ifname), "find interface " + ifname);
        return reply.body().getInt(4);
    }

    /** The link named NAME, or null if there is none. */
    public Link link(String name) {
        try {
            return toLink(socket.get(RtMessages.getLink(name), "find interface " + name));
        } catch (SysException e) {
            if (e.errno() == Errno.ENODEV) return null;
            throw e;
        }
    }

    /** The alias (IFLA_IFALIAS) of the link named NAME: null if it has none, or there is no such link. */
    public String alias(String name) {
        try {
            return socket.get(RtMessages.getLink(name), "find interface " + name).attributes(IFINFOMSG_LEN).string(IFLA_IFALIAS);
        } catch (SysException e) {
            if (e.errno() == Errno.ENODEV) return null;
            throw e;
        }
    }

    /** ip link show: every link of the namespace. */
    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        for (Message m : socket.dump(RtMessages.dumpLinks(), "list links")) {
            if (m.type() == RTM_NEWLINK) out.add(toLink(m));
        }
        return out;
    }

    /** ip -s link show: the counters of every link of the namespace. */
    public List<LinkStats> linkStats() {
        List<LinkStats> out = new ArrayList<>();
        for (Message m : socket.dump(RtMessages.dumpLinkStats(), "list link counters")) {
            if (m.type() != RTM_NEWLINK) continue;
            Attributes a = m.attributes(IFINFOMSG_LEN);
            byte[] stats = a.bytes(IFLA_STATS64);
            if (stats != null) out.add(LinkStats.of(m.body().getInt(4), a.string(IFLA_IFNAME), m.body().getInt(8), stats));
        }
        return out;
    }

    /** ip addr show: every IPv4 and IPv6 address. */
    public List<Address> addresses() {
        Map<Integer, String> names = names();
        List<Address> out = new ArrayList<>();
        for (Message m : socket.dump(RtMessages.dumpAddresses(), "list addresses")) {
            if (m.type() != RTM_NEWADDR) continue;
            var body = m.body();
            int prefix = Byte.toUnsignedInt(body.get(1));
            int index = body.getInt(4);
            Attributes a = m.attributes(IFADDRMSG_LEN);
            byte[] local = a.bytes(IFA_LOCAL) != null ? a.bytes(IFA_LOCAL) : a.bytes(IFA_ADDRESS);
            if (local == null) continue;
            out.add(new Address(index, names.get(index), ip(local) + "/" + prefix));
        }
        return out;
    }

    /** ip route show (IPv4 and IPv6, main table). */
    public List<Route> routes() {
        Map<Integer, String> names = names();
        List<Route> out = new ArrayList<>();
        for (Message m : socket.dump(RtMessages.dumpRoutes(), "list routes")) {
            if (m.type() != RTM_NEWROUTE) continue;
            var body = m.body();
            int family = Byte.toUnsignedInt(body.get(0));
            int dstLen = Byte.toUnsignedInt(body.get(1));
            Attributes a = m.attributes(RTMSG_LEN);
            int table = a.u32(RTA_TABLE, Byte.toUnsignedInt(body.get(4)));
            int type = Byte.toUnsignedInt(body.get(7));
            if (table != RT_TABLE_MAIN || type != RTN_UNICAST) continue;
            byte[] dst = a.bytes(RTA_DST);
            String dest = dstLen == 0 ? "default" : ip(dst) + "/" + dstLen;
            byte[] gw = a.bytes(RTA_GATEWAY);
            int oif = a.u32(RTA_OIF, 0);
            out.add(new Route(dest, gw == null ? null : ip(gw), names.get(oif), oif,
                    Byte.toUnsignedInt(body.get(6)), Byte.toUnsignedInt(body.get(5))));
            if (family != AF_INET && family != AF_INET6) out.remove(out.size() - 1);
        }
        return out;
    }

    /** Index to name, for the links of this namespace. */
    Map<Integer, String> names() {
        Map<Integer, String> names = new HashMap<>();
        for (Link l : links()) names.put(l.index(), l.name());
        return names;
    }

    NetlinkSocket socket() { return socket; }

    private static Link toLink(Message m) {
        var body = m.body();
        int index = body.getInt(4);
        int flags = body.getInt(8);
        Attributes a = m.attributes(IFINFOMSG_LEN);
        byte[] mac = a.bytes(IFLA_ADDRESS);
        return new Link(index, a.string(IFLA_IFNAME), a.nested(IFLA_LINKINFO).string(IFLA_INFO_KIND), a.u32(IFLA_MTU, 0),
                mac == null || mac.length != 6 ? null : Mac.of(mac).toString(), (flags & IFF_UP) != 0, flags,
                a.u32(IFLA_MASTER, 0), a.u32(IFLA_LINK, 0));
    }

    /** As ip prints it: an IPv6 address in its short form (RFC 5952), not the JDK's long one. */
    private static String ip(byte[] address) {
        return IpAddress.of(address).toString();
    }

    @Override
    public void close() {
        socket.close();
    }
}
