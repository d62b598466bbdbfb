package io.nslab.netlink.nft;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.ArrayList;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.netlink.nft.expr.Bitwise;
import io.nslab.netlink.nft.expr.Cmp;
import io.nslab.netlink.nft.expr.Counter;
import io.nslab.netlink.nft.expr.Expression;
import io.nslab.netlink.nft.expr.Fib;
import io.nslab.netlink.nft.expr.Immediate;
import io.nslab.netlink.nft.expr.Masq;
import io.nslab.netlink.nft.expr.Meta;
import io.nslab.netlink.nft.expr.Nat;
import io.nslab.netlink.nft.expr.Payload;

/**
 * nslab's two rules as expression lists, the same ones nft compiles from the same text (with a
 * counter before the action, so status can say how much traffic each rule saw), and back.
 */
final class NatRules {
    private static final int IFNAMSIZ = 16;
    /** Where the source address starts in the network header: IPv4's at byte 12, IPv6's at byte 8. */
    private static final int IPV4_SADDR_OFFSET = 12, IPV6_SADDR_OFFSET = 8, DPORT_OFFSET = 2;

    private NatRules() {}

    /**
     * ip saddr CIDR [oifname != "IF"] counter masquerade, in a table of family inet: nft puts
     * {@code meta nfproto ipv4} (or ipv6) first, so that the rule sees only its own family's
     * packets (the kernel's inet hooks see both), and so does this.
     */
    static List<Expression> masquerade(Masquerade m) {
        List<Expression> out = new ArrayList<>(nfprotoMatch(m.source().family()));
        out.addAll(saddr(m.source()));
        if (m.exceptOutIf() != null) {
            out.add(new Meta(Meta.OIFNAME, Nft.NFT_REG_1));
            out.add(new Cmp(Nft.NFT_REG_1, Cmp.NEQ, ifname(m.exceptOutIf())));
        }
        out.add(new Counter());
        out.add(new Masq());
        return out;
    }

    /**
     * fib daddr type local PROTO dport P counter dnat ip to A:P (or dnat ip6 to [A]:P). As nft
     * makes it in an inet table: no nfproto match, the nat expression carries the family (the
     * kernel applies it only to packets of that family) and A fills the register, 4 or 16 bytes.
     */
    static List<Expression> dnat(Dnat d) {
        return List.of(
                new Fib(Fib.F_DADDR, Fib.RESULT_ADDRTYPE, Nft.NFT_REG_1),
                new Cmp(Nft.NFT_REG_1, Cmp.EQ, nativeU32(Fib.RTN_LOCAL)),
                new Meta(Meta.L4PROTO, Nft.NFT_REG_1),
                new Cmp(Nft.NFT_REG_1, Cmp.EQ, new byte[] {(byte) d.protocolNumber()}),
                new Payload(Payload.TRANSPORT_HEADER, DPORT_OFFSET, 2, Nft.NFT_REG_1),
                new Cmp(Nft.NFT_REG_1, Cmp.EQ, be16(d.port())),
                new Counter(),
                new Immediate(Nft.NFT_REG_1, d.toAddress().bytes()),
                new Immediate(Nft.NFT_REG_2, be16(d.toPort())),
                new Nat(Nat.DNAT, nfproto(d.toAddress().family()), Nft.NFT_REG_1, Nft.NFT_REG_2, Nat.PROTO_SPECIFIED));
    }

    /** The nf_tables number of an address family (4 or 6): NFPROTO_IPV4 or NFPROTO_IPV6. */
    static int nfproto(int family) {
        return family == 6 ? Nft.NFPROTO_IPV6 : Nft.NFPROTO_IPV4;
    }

    /** meta nfproto ipv4|ipv6: the family match nft puts before an ip or ip6 match in an inet table. */
    private static List<Expression> nfprotoMatch(int family) {
        return List.of(new Meta(Meta.NFPROTO, Nft.NFT_REG_1), new Cmp(Nft.NFT_REG_1, Cmp.EQ, new byte[] {(byte) nfproto(family)}));
    }

    /** The family (4 or 6) a rule's leading meta nfproto match names, or 0 when it has none. */
    private static int leadingFamily(List<Expression> e) {
        if (e.size() < 2 || !(e.get(0) instanceof Meta m && m.key() == Meta.NFPROTO)) return 0;
        if (!(e.get(1) instanceof Cmp c && c.op() == Cmp.EQ && c.data().length == 1)) return 0;
        return switch (c.data()[0]) {
            case Nft.NFPROTO_IPV4 -> 4;
            case Nft.NFPROTO_IPV6 -> 6;
            default -> 0;
        };
    }

    private static int saddrOffset(int family) {
        return family == 6 ? IPV6_SADDR_OFFSET : IPV4_SADDR_OFFSET;
    }

    /** As nft does: whole bytes of the prefix are compared directly; otherwise masked first. */
    private static List<Expression> saddr(Cidr p) {
        if (p.prefix() == 0) return List.of();
        byte[] network = p.network().bytes();
        if (p.prefix() % 8 == 0) {
            int bytes = p.prefix() / 8;
            return List.of(new Payload(Payload.NETWORK_HEADER, saddrOffset(p.family()), bytes, Nft.NFT_REG_1),
                    new Cmp(Nft.NFT_REG_1, Cmp.EQ, Arrays.copyOf(network, bytes)));
        }
        return List.of(new Payload(Payload.NETWORK_HEADER, saddrOffset(p.family()), network.length, Nft.NFT_REG_1),
                new Bitwise(Nft.NFT_REG_1, Nft.NFT_REG_1, mask(p.prefix(), network.length), new byte[network.length]),
                new Cmp(Nft.NFT_REG_1, Cmp.EQ, network));
    }

    /** The first {@code prefix} bits of {@code bytes} bytes set. */
    private static byte[] mask(int prefix, int bytes) {
        byte[] mask = new byte[bytes];
        for (int bit = 0; bit < prefix; bit++) mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        return mask;
    }

    /** The Masquerade a rule's expressions mean (its family from its meta nfproto match), or null if they are not one of ours. */
    static Masquerade parseMasquerade(List<Expression> e) {
        List<Expression> rest = withoutCounters(e);
        if (rest.isEmpty() || !(rest.get(rest.size() - 1) instanceof Masq)) return null;
        int family = leadingFamily(rest);
        if (family == 0) return null;
        int i = 2;
        int length = family == 6 ? 16 : 4;
        Cidr cidr = Cidr.any(family);
        if (i < rest.size() && rest.get(i) instanceof Payload p && p.base() == Payload.NETWORK_HEADER && p.offset() == saddrOffset(family)) {
            i++;
            if (rest.get(i) instanceof Bitwise b && rest.get(i + 1) instanceof Cmp c && c.op() == Cmp.EQ && b.mask().length == length) {
                cidr = Cidr.of(IpAddress.of(c.data()), bits(b.mask()));
                i += 2;
            } else if (rest.get(i) instanceof Cmp c && c.op() == Cmp.EQ && c.data().length == p.length()) {
                cidr = Cidr.of(IpAddress.of(Arrays.copyOf(c.data(), length)), 8 * p.length());
                i++;
            } else {
                return null;
            }
        }
        String except = null;
        if (i + 1 < rest.size() && rest.get(i) instanceof Meta m && m.key() == Meta.OIFNAME
                && rest.get(i + 1) instanceof Cmp c && c.op() == Cmp.NEQ) {
            except = cString(c.data());
            i += 2;
        }
        return i == rest.size() - 1 ? new Masquerade(cidr, except) : null;
    }

    /** The Dnat a rule's expressions mean, or null if they are not one of ours. */
    static Dnat parseDnat(List<Expression> e) {
        List<Expression> r = withoutCounters(e);
        if (r.size() != 9) return null;
        if (!(r.get(0) instanceof Fib f && f.result() == Fib.RESULT_ADDRTYPE && f.flags() == Fib.F_DADDR)) return null;
        if (!(r.get(2) instanceof Meta m && m.key() == Meta.L4PROTO)) return null;
        if (!(r.get(3) instanceof Cmp proto && proto.data().length == 1)) return null;
        if (!(r.get(4) instanceof Payload p && p.base() == Payload.TRANSPORT_HEADER && p.offset() == DPORT_OFFSET)) return null;
        if (!(r.get(5) instanceof Cmp port && port.data().length == 2)) return null;
        if (!(r.get(6) instanceof Immediate addr && (addr.data().length == 4 || addr.data().length == 16))) return null;
        if (!(r.get(7) instanceof Immediate toPort && toPort.data().length == 2)) return null;
        if (!(r.get(8) instanceof Nat nat && nat.type() == Nat.DNAT)) return null;
        String protoName = switch (proto.data()[0]) {
            case 6 -> "tcp";
            case 17 -> "udp";
            default -> null;
        };
        if (protoName == null) return null;
        return new Dnat(protoName, u16(port.data()), IpAddress.of(addr.data()), u16(toPort.data()));
    }

    /** Packets counted by a rule's counter (0 without one). */
    static long packets(List<Expression> e) {
        return e.stream().filter(x -> x instanceof Counter).mapToLong(x -> ((Counter) x).packets()).sum();
    }

    private static int bits(byte[] mask) {
        int n = 0;
        for (byte b : mask) n += Integer.bitCount(b & 255);
        return n;
    }

    private static List<Expression> withoutCounters(List<Expression> e) {
        return e.stream().filter(x -> !(x instanceof Counter)).toList();
    }

    private static byte[] ifname(String name) {
        return Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), IFNAMSIZ);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) end++;
        return new String(data, 0, end, StandardCharsets.US_ASCII);
    }

    private static byte[] nativeU32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static byte[] be16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static int u16(byte[] b) {
        return ((b[0] & 255) << 8) | (b[1] & 255);
    }
}
