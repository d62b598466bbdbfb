package io.nslab.netlink.nft;

import static io.nslab.netlink.nft.Nft.*;

import java.util.ArrayList;
import java.util.List;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.Netlink;
import io.nslab.netlink.nft.expr.Expression;
import io.nslab.netlink.nft.expr.Expressions;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.socket.NetlinkSocket;
import io.nslab.netlink.socket.Request;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/**
 * nf_tables in one network namespace, for nslab's NAT table: one table of family inet, whose
 * chains see IPv4 and IPv6 alike (its rules say which family they are for). Every change is one
 * nfnetlink batch: the kernel applies all of it or none of it.
 */
public final class NfTables implements AutoCloseable {
    private static final int NFGENMSG_LEN = 4;
    /**
     * The families nslab's NAT tables have had: inet, and before it (labs made by an nslab before
     * 2026-12) ip for IPv4 and ip6 for IPv6 rules. {@link #tables()} lists all three, so that
     * such a lab can still be taken down.
     */
    private static final List<Integer> NAT_FAMILIES = List.of(NFPROTO_INET, NFPROTO_IPV4, NFPROTO_IPV6);
    private final NetlinkSocket socket;
    private final NetNs netns;

    private NfTables(NetlinkSocket socket, NetNs netns) {
        this.socket = socket;
        this.netns = netns;
    }

    /** Opens an nfnetlink socket inside {@code netns}. */
    public static NfTables open(NetNs netns) {
        return new NfTables(netns.call(() -> NetlinkSocket.open(Netlink.NETLINK_NETFILTER)), netns);
    }

    public NetNs netns() { return netns; }

    /**
     * Installs the table (family inet) with its three nat chains and the rules, replacing a table
     * of that name and everything in it, atomically: other traffic sees the old rules or the new
     * ones, never a mix, and a failure leaves the old table untouched.
     */
    public void applyNat(NatTable nat) {
        String t = nat.name();
        String table = "inet " + t;
        List<Request> batch = new ArrayList<>();
        // Create-if-absent first, so that the delete cannot fail: "replace" in one transaction.
        batch.add(new Request(NftMessages.newTable(NFPROTO_INET, t), "create nf_tables table " + table));
        batch.add(new Request(NftMessages.deleteTable(NFPROTO_INET, t), "replace nf_tables table " + table));
        batch.add(new Request(NftMessages.newTable(NFPROTO_INET, t, nat.comment()), "create nf_tables table " + table));
        batch.add(chain(t, "prerouting", NF_INET_PRE_ROUTING, PRIORITY_DSTNAT));
        batch.add(chain(t, "output", NF_INET_LOCAL_OUT, PRIORITY_DSTNAT));
        batch.add(chain(t, "postrouting", NF_INET_POST_ROUTING, PRIORITY_SRCNAT));
        for (Masquerade m : nat.masquerades()) {
            batch.add(new Request(NftMessages.newRule(NFPROTO_INET, t, "postrouting", NatRules.masquerade(m)), "add rule " + m.toNft()));
        }
        for (Dnat d : nat.dnats()) {
            for (String chain : List.of("prerouting", "output")) {
                batch.add(new Request(NftMessages.newRule(NFPROTO_INET, t, chain, NatRules.dnat(d)), "add rule " + d.toNft() + " (" + chain + ")"));
            }
        }
        socket.transaction(NftMessages.batchBegin(), batch, NftMessages.batchEnd());
    }

    private static Request chain(String table, String chain, int hook, int priority) {
        return new Request(NftMessages.newBaseChain(NFPROTO_INET, table, chain, "nat", hook, priority),
                "create chain " + chain + " in inet " + table);
    }

    /** Deletes the table of that name of family inet and everything in it; nothing happens if there is none. */
    public void deleteTable(String name) {
        deleteTable("inet", name);
    }

    /**
     * Deletes the table of that name of {@code family} (inet, ip or ip6, as nft names them) and
     * everything in it; nothing happens if there is none. A batch of its own: a batch is all or
     * nothing, and an absent table is an error in it.
     */
    public void deleteTable(String family, String name) {
        int nfproto = NAT_FAMILIES.stream().filter(f -> Nft.familyName(f).equals(family)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a family of nslab's tables: " + family));
        socket.transaction(NftMessages.batchBegin(),
                List.of(new Request(NftMessages.deleteTable(nfproto, name), "delete nf_tables table " + family + " " + name, Errno.ENOENT)),
                NftMessages.batchEnd());
    }

    /** A table of family inet, ip or ip6 ({@code family} as nft names it): its name and its comment (null when it has none). */
    public record Table(String family, String name, String comment) {}

    /** Every table of family inet, ip and ip6 in this namespace, with its comment (nft list tables). */
    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        for (Message m : socket.dump(NftMessages.dumpTables(NFPROTO_UNSPEC), "list nf_tables tables")) {
            if ((m.type() & 0xff) != NFT_MSG_NEWTABLE) continue;
            int nfproto = Byte.toUnsignedInt(m.body().get(0));
            if (!NAT_FAMILIES.contains(nfproto)) continue;
            Attributes a = m.attributes(NFGENMSG_LEN);
            out.add(new Table(Nft.familyName(nfproto), a.string(NFTA_TABLE_NAME), comment(a.bytes(NFTA_TABLE_USERDATA))));
        }
        return out;
    }

    /** The comment among a table's user data (type-length-value entries), or null. */
    static String comment(byte[] udata) {
        for (int i = 0; udata != null && i + 2 <= udata.length; i += 2 + Byte.toUnsignedInt(udata[i + 1])) {
            int len = Byte.toUnsignedInt(udata[i + 1]);
            if (udata[i] != UDATA_TABLE_COMMENT || i + 2 + len > udata.length) continue;
            int end = i + 2;
            while (end < i + 2 + len && udata[end] != 0) end++;
            return new String(udata, i + 2, end - (i + 2), java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    /** True if the table of family inet exists. */
    public boolean hasTable(String name) {
        return hasTable(NFPROTO_INET, name);
    }

    private boolean hasTable(int nfproto, String name) {
        try {
            socket.get(NftMessages.getTable(nfproto, name), "find nf_tables table " + name);
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ENOENT) return false;
            throw e;
        }
    }

    /** Every rule of the table of family inet, in chain order. ENOENT if there is no such table. */
    public List<Rule> rules(String table) {
        List<Rule> out = new ArrayList<>();
        for (Message m : socket.dump(NftMessages.dumpRules(NFPROTO_INET, table), "list rules of " + table)) {
            if ((m.type() & 0xff) != NFT_MSG_NEWRULE) continue;
            Attributes a = m.attributes(NFGENMSG_LEN);
            List<Expression> expressions = Expressions.decode(a.nested(NFTA_RULE_EXPRESSIONS));
            out.add(new Rule(a.string(NFTA_RULE_TABLE), a.string(NFTA_RULE_CHAIN),
                    a.get(NFTA_RULE_HANDLE).map(x -> x.u64Be()).orElse(0L), expressions));
        }
        return out;
    }

    /**
     * Every chain in this namespace, of every table and family, in the kernel's order: a
     * read-only view of the whole ruleset's structure (what {@code nft list chains} shows).
     */
    public List<Chain> chains() {
        List<Chain> out = new ArrayList<>();
        for (Message m : socket.dump(NftMessages.dumpChains(NFPROTO_UNSPEC), "list nf_tables chains")) {
            if ((m.type() & 0xff) != NFT_MSG_NEWCHAIN) continue;
            out.add(chain(m));
        }
        return out;
    }

    static Chain chain(Message m) {
        int family = Byte.toUnsignedInt(m.body().get(0));
        Attributes a = m.attributes(NFGENMSG_LEN);
        Attributes hook = a.nested(NFTA_CHAIN_HOOK);
        Integer hooknum = hook.get(NFTA_HOOK_HOOKNUM).map(x -> x.u32Be()).orElse(null);
        Integer priority = hook.get(NFTA_HOOK_PRIORITY).map(x -> x.u32Be()).orElse(null);
        Integer policy = a.get(NFTA_CHAIN_POLICY).map(x -> x.u32Be()).orElse(null);
        return new Chain(family, a.string(NFTA_CHAIN_TABLE), a.string(NFTA_CHAIN_NAME), a.string(NFTA_CHAIN_TYPE),
                hooknum, priority, policy);
    }

    /**
     * Reads the NAT table (family inet) back from the kernel: the masquerades of its postrouting
     * chain and the DNATs of its prerouting chain. Rules not of nslab's shape are left out.
     * ENOENT if there is no such table.
     */
    public NatTable listNat(String name) {
        List<Masquerade> masquerades = new ArrayList<>();
        List<Dnat> dnats = new ArrayList<>();
        if (!hasTable(name)) throw new SysException("list nat table inet " + name, Errno.ENOENT);
        for (Rule r : rules(name)) {
            if (r.chain().equals("postrouting")) {
                Masquerade m = NatRules.parseMasquerade(r.expressions());
                if (m != null) masquerades.add(m);
            } else if (r.chain().equals("prerouting")) {
                Dnat d = NatRules.parseDnat(r.expressions());
                if (d != null) dnats.add(d);
            }
        }
        return new NatTable(name, masquerades, dnats);
    }

    /** Sends requests as one nfnetlink batch (for tests of atomicity). */
    void transaction(List<Request> requests) {
        socket.transaction(NftMessages.batchBegin(), requests, NftMessages.batchEnd());
    }

    @Override
    public void close() {
        socket.close();
    }
}
