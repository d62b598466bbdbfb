package io.nslab.netlink.nft.expr;

import static io.nslab.netlink.msg.Netlink.NLA_F_NESTED;

import java.util.ArrayList;
import java.util.List;

import io.nslab.netlink.msg.Attribute;
import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.MessageBuilder;

/** Encodes a rule's expression list (NFTA_RULE_EXPRESSIONS) and decodes one the kernel lists. */
public final class Expressions {
    /** nf_tables.h: an element of the list, and an expression's name and data. */
    static final int NFTA_LIST_ELEM = 1, NFTA_EXPR_NAME = 1, NFTA_EXPR_DATA = 2;

    private Expressions() {}

    public static void encode(MessageBuilder m, int type, List<Expression> expressions) {
        int list = m.beginNest(type | NLA_F_NESTED);
        for (Expression e : expressions) {
            int elem = m.beginNest(NFTA_LIST_ELEM | NLA_F_NESTED);
            m.attrString(NFTA_EXPR_NAME, e.name());
            int data = m.beginNest(NFTA_EXPR_DATA | NLA_F_NESTED);
            e.encode(m);
            m.endNest(data);
            m.endNest(elem);
        }
        m.endNest(list);
    }

    /** Decodes the list; an expression this library does not model becomes an {@link Unknown}. */
    public static List<Expression> decode(Attributes list) {
        List<Expression> out = new ArrayList<>();
        for (Attribute elem : list.list()) {
            if (elem.type() != NFTA_LIST_ELEM) continue;
            Attributes e = elem.attributes();
            String name = e.string(NFTA_EXPR_NAME);
            Attributes data = e.nested(NFTA_EXPR_DATA);
            out.add(switch (name == null ? "" : name) {
                case "payload" -> Payload.decode(data);
                case "cmp" -> Cmp.decode(data);
                case "bitwise" -> Bitwise.decode(data);
                case "meta" -> Meta.decode(data);
                case "immediate" -> Immediate.decode(data);
                case "nat" -> Nat.decode(data);
                case "masq" -> Masq.decode(data);
                case "counter" -> Counter.decode(data);
                case "fib" -> Fib.decode(data);
                default -> new Unknown(name);
            });
        }
        return out;
    }

    /** An expression of a type this library does not model (a rule someone else wrote). */
    public record Unknown(String name) implements Expression {
        @Override
        public void encode(MessageBuilder m) {
            throw new UnsupportedOperationException("cannot encode unknown expression " + name);
        }
    }
}
