package io.nslab.topology.fuzz;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Values a hostile or careless lab file may hold where a name, a number or an object belongs. */
final class HostileValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HostileValues() {}

    /** Strings aimed at paths, shells, terminals, the kernel's name rules and Unicode handling. */
    static List<String> strings() {
        return List.of(
                "", " ", "a b", "/", "a/b", "..", ".", "../../etc", "../../../../run/netns/x", "/etc/passwd",
                "a\0b", "\0", "a\nb", "\n", "a\rb", "a\tb", "line\u2028sep", "\u0085", "\u001b[31mred\u001b[0m",
                "wéb", "ωeb", "ｗｅｂ", "web\u200d", "\u202eevil", "\ud83d\ude00", "\ud800", "e\u0301",
                "$(touch /tmp/x)", "`id`", "'; rm -rf / #", "\"quoted\"", "a;b", "a|b", "a&b", "*", "~root", "-rf", "--help",
                "x".repeat(16), "x".repeat(100_000), "a-".repeat(8), "host", "lo", "nslab", "web", "eth0", "nslab0",
                "default", "none", "ok", "fail", "tcp", "0", "-1", "1e9", "NaN", "null", "true", "[]", "{}",
                "172.20.0.10/24", "172.20.0.0/24", "300.1.1.1/24", "1.2.3.4/33", "1.2.3.4/-1", "0.0.0.0/0", "255.255.255.255/32",
                "999999999999:1:1", "0:0:0", "4294967295:0:2", "65536:1", "1:65536/tcp", "0:80", "80:80/sctp",
                "net.ipv4.ip_forward", "net..x", "net./x", "kernel.panic", "net.ipv4.conf.all.forwarding/../..",
                "http://web/", "http://", "http://[::1]/", "http://web:99999/", "ftp://web/", "web:", ":80", "web:0", "web:65536",
                "02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "00:00:00:00:00:00", "zz:zz:zz:zz:zz:zz");
    }

    /** Numbers and non-numbers at the edges of every integer field. */
    static List<JsonNode> numbers() {
        List<JsonNode> out = new ArrayList<>();
        for (long n : new long[] {0, -1, 1, 67, 68, 65535, 65536, Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
            out.add(F.numberNode(n));
        }
        out.add(F.numberNode(new java.math.BigInteger("9".repeat(500))));
        out.add(F.numberNode(new java.math.BigDecimal("1e400")));
        out.add(F.numberNode(1.5));
        out.add(F.numberNode(-0.0));
        out.add(F.numberNode(80.0));
        return out;
    }

    /** Every JSON type, so every field meets every wrong type. */
    static List<JsonNode> types() {
        ObjectNode obj = F.objectNode();
        obj.put("x", 1);
        ArrayNode arr = F.arrayNode().add(1).add("a").addNull();
        return List.of(F.nullNode(), F.booleanNode(true), F.booleanNode(false), F.textNode("s"), F.numberNode(7),
                F.objectNode(), obj, F.arrayNode(), arr);
    }

    static List<JsonNode> all() {
        List<JsonNode> out = new ArrayList<>(types());
        out.addAll(numbers());
        for (String s : strings()) out.add(F.textNode(s));
        return out;
    }
}
