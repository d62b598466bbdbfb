package io.nslab.cli.capture.bpf;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the subset of tcpdump's filter language nslab compiles:
 * <pre>
 * expr      := term ( ("or" | "||") term )*
 * term      := factor ( ("and" | "&&") factor )*
 * factor    := ("not" | "!") factor | "(" expr ")" | primitive
 * primitive := ip | ip6 | arp | icmp | icmp6 | tcp | udp
 *            | [src | dst] host A.B.C.D
 *            | [tcp | udp] [src | dst] port N
 * </pre>
 * Anything else is an {@link IllegalArgumentException} saying what was expected where.
 */
public final class FilterParser {
    private final List<String> tokens;
    private int at;

    private FilterParser(List<String> tokens) {
        this.tokens = tokens;
    }

    public static Filter parse(String text) {
        FilterParser p = new FilterParser(tokenize(text));
        if (p.tokens.isEmpty()) throw new IllegalArgumentException("the filter is empty");
        Filter f = p.expr();
        if (p.at < p.tokens.size()) throw p.error("\"and\", \"or\" or the end");
        return f;
    }

    private Filter expr() {
        Filter f = term();
        while (accept("or") || accept("||")) f = new Filter.Or(f, term());
        return f;
    }

    private Filter term() {
        Filter f = factor();
        while (accept("and") || accept("&&")) f = new Filter.And(f, factor());
        return f;
    }

    private Filter factor() {
        if (accept("not") || accept("!")) return new Filter.Not(factor());
        if (accept("(")) {
            Filter f = expr();
            if (!accept(")")) throw error("\")\"");
            return f;
        }
        return primitive();
    }

    private Filter primitive() {
        String proto = null;
        if (peek("tcp") || peek("udp")) {
            proto = next();
            if (!peek("src") && !peek("dst") && !peek("port")) return new Proto(proto);
        } else if (peek("ip") || peek("ip6") || peek("arp") || peek("icmp") || peek("icmp6")) {
            return new Proto(next());
        }
        Direction direction = accept("src") ? Direction.SRC : accept("dst") ? Direction.DST : Direction.EITHER;
        if (proto == null && accept("host")) return new Host(direction, ipv4(word("an IPv4 address")));
        if (accept("port")) return new Port(proto, direction, port(word("a port number")));
        throw error(proto == null && direction == Direction.EITHER
                ? "a protocol (ip, ip6, arp, icmp, icmp6, tcp, udp), host, port, not or \"(\"" : "host or port");
    }

    private static int ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("\"" + s + "\" is not an IPv4 address (A.B.C.D)");
        int v = 0;
        for (String p : parts) {
            int b;
            try {
                b = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                b = -1;
            }
            if (b < 0 || b > 255 || p.length() > 3) throw new IllegalArgumentException("\"" + s + "\" is not an IPv4 address (A.B.C.D)");
            v = v << 8 | b;
        }
        return v;
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 65535) return p;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("\"" + s + "\" is not a port number (0-65535)");
    }

    private String word(String what) {
        if (at >= tokens.size()) throw error(what);
        return next();
    }

    private boolean peek(String t) {
        return at < tokens.size() && tokens.get(at).equals(t);
    }

    private boolean accept(String t) {
        if (!peek(t)) return false;
        at++;
        return true;
    }

    private String next() {
        return tokens.get(at++);
    }

    private IllegalArgumentException error(String expected) {
        String found = at < tokens.size() ? "\"" + tokens.get(at) + "\"" : "the end";
        return new IllegalArgumentException("expected " + expected + " at word " + (at + 1) + ", found " + found);
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            if (c == '(' || c == ')' || c == '!') { out.add(String.valueOf(c)); i++; continue; }
            if ((c == '&' || c == '|') && i + 1 < text.length() && text.charAt(i + 1) == c) { out.add(text.substring(i, i + 2)); i += 2; continue; }
            int j = i;
            while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && "()!&|".indexOf(text.charAt(j)) < 0) j++;
            if (j == i) throw new IllegalArgumentException("unexpected \"" + c + "\" in the filter");
            out.add(text.substring(i, j));
            i = j;
        }
        return out;
    }
}
