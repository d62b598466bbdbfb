package io.nslab.netlink.nft;

import static io.nslab.netlink.msg.Netlink.*;
import static io.nslab.netlink.nft.Nft.*;

import java.util.List;

import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.netlink.nft.expr.Expression;
import io.nslab.netlink.nft.expr.Expressions;

/** Builds nf_tables messages, byte for byte as nft does (the tests compare with its captured output). */
final class NftMessages {
    private NftMessages() {}

    /** Every nfnetlink message starts with struct nfgenmsg: family, version 0, resource id (big-endian). */
    static MessageBuilder message(int nftType, int flags, int family) {
        return new MessageBuilder((NFNL_SUBSYS_NFTABLES << 8) | nftType, flags).u8(family).u8(0).u16Be(0);
    }

    static MessageBuilder batchBegin() {
        return new MessageBuilder(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST).u8(NFPROTO_UNSPEC).u8(0).u16Be(NFNL_SUBSYS_NFTABLES);
    }

    static MessageBuilder batchEnd() {
        return new MessageBuilder(NFNL_MSG_BATCH_END, NLM_F_REQUEST).u8(NFPROTO_UNSPEC).u8(0).u16Be(NFNL_SUBSYS_NFTABLES);
    }

    /** table FAMILY NAME (creates it, or leaves an existing one as it is). */
    static MessageBuilder newTable(int family, String name) {
        return message(NFT_MSG_NEWTABLE, 0, family).attrString(NFTA_TABLE_NAME, name).attrU32Be(NFTA_TABLE_FLAGS, 0);
    }

    /** table FAMILY NAME { comment "COMMENT"; }: the comment goes in the table's user data, a type-length-value as nft writes it. */
    static MessageBuilder newTable(int family, String name, String comment) {
        MessageBuilder m = newTable(family, name);
        if (comment == null) return m;
        byte[] text = (comment + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (text.length > 255) throw new IllegalArgumentException("a table comment of more than 254 bytes");
        byte[] udata = new byte[text.length + 2];
        udata[0] = (byte) UDATA_TABLE_COMMENT;
        udata[1] = (byte) text.length;
        System.arraycopy(text, 0, udata, 2, text.length);
        return m.attr(NFTA_TABLE_USERDATA, udata);
    }

    /** Every table of a family (nft list tables). */
    static MessageBuilder dumpTables(int family) {
        return message(NFT_MSG_GETTABLE, 0, family);
    }

    static MessageBuilder deleteTable(int family, String name) {
        return message(NFT_MSG_DELTABLE, 0, family).attrString(NFTA_TABLE_NAME, name);
    }

    static MessageBuilder getTable(int family, String name) {
        return message(NFT_MSG_GETTABLE, 0, family).attrString(NFTA_TABLE_NAME, name);
    }

    /** chain NAME { type TYPE hook HOOK priority PRIO; policy accept; } */
    static MessageBuilder newBaseChain(int family, String table, String chain, String type, int hook, int priority) {
        MessageBuilder m = message(NFT_MSG_NEWCHAIN, NLM_F_CREATE, family);
        m.attrString(NFTA_CHAIN_TABLE, table).attrString(NFTA_CHAIN_NAME, chain).attrString(NFTA_CHAIN_TYPE, type);
        m.attrU32Be(NFTA_CHAIN_POLICY, NF_ACCEPT);
        int hookNest = m.beginNest(NFTA_CHAIN_HOOK | NLA_F_NESTED);
        m.attrU32Be(NFTA_HOOK_HOOKNUM, hook).attrU32Be(NFTA_HOOK_PRIORITY, priority);
        return m.endNest(hookNest);
    }

    /** add rule FAMILY TABLE CHAIN EXPRESSIONS (appended at the end of the chain). */
    static MessageBuilder newRule(int family, String table, String chain, List<Expression> expressions) {
        MessageBuilder m = message(NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, family);
        m.attrString(NFTA_RULE_TABLE, table).attrString(NFTA_RULE_CHAIN, chain);
        Expressions.encode(m, NFTA_RULE_EXPRESSIONS, expressions);
        return m;
    }

    /** The rules of one table (a dump filtered by the kernel). */
    static MessageBuilder dumpRules(int family, String table) {
        return message(NFT_MSG_GETRULE, 0, family).attrString(NFTA_RULE_TABLE, table);
    }

    /** Every chain of a family, or of every family with NFPROTO_UNSPEC (nft list chains). */
    static MessageBuilder dumpChains(int family) {
        return message(NFT_MSG_GETCHAIN, 0, family);
    }
}
