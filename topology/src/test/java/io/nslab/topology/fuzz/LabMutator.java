package io.nslab.topology.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mutates a valid lab into hostile ones, reproducibly (a seeded Random): on the JSON tree
 * (replace a value, rename a key, add or drop a key, wrap a value) and on the text (flip,
 * insert or drop bytes, duplicate a key).
 */
final class LabMutator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> VALUES = HostileValues.all();
    private static final List<String> STRINGS = HostileValues.strings();

    private final Random random;

    LabMutator(long seed) { this.random = new Random(seed); }

    /** A mutation of the tree of {@code seed}: one to three changes, the case described. */
    Case treeMutation(JsonNode seed) {
        JsonNode tree = seed.deepCopy();
        List<String> what = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) what.add(mutateOnce(tree));
        return new Case(String.join("; ", what), write(tree));
    }

    /** A byte-level mutation of {@code text}. */
    Case textMutation(String text) {
        StringBuilder s = new StringBuilder(text);
        int at = random.nextInt(s.length());
        String what;
        switch (random.nextInt(4)) {
            case 0 -> { what = "delete char " + at; s.deleteCharAt(at); }
            case 1 -> { char c = (char) random.nextInt(0x80); what = "insert " + (int) c + " at " + at; s.insert(at, c); }
            case 2 -> { String set = "{}[],:\"\\0-e."; char c = set.charAt(random.nextInt(set.length())); what = "replace with " + c + " at " + at; s.setCharAt(at, c); }
            default -> {
                // Duplicate a key: copy a "key": value pair right after itself.
                int q = s.indexOf("\":", at);
                int start = q < 0 ? -1 : s.lastIndexOf("\"", q - 1);
                int end = q < 0 ? -1 : s.indexOf(",", q);
                if (start < 0 || end < 0) { what = "no key after " + at; break; }
                String pair = s.substring(start, end + 1);
                what = "duplicate " + pair.substring(0, Math.min(pair.length(), 40));
                s.insert(end + 1, pair);
            }
        }
        return new Case(what, s.toString());
    }

    private String mutateOnce(JsonNode tree) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        JsonNode c = containers.get(random.nextInt(containers.size()));
        if (c instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            int op = keys.isEmpty() ? 2 : random.nextInt(5);
            String key = keys.isEmpty() ? null : keys.get(random.nextInt(keys.size()));
            switch (op) {
                case 0 -> { JsonNode v = pick(); o.set(key, v); return "set " + key + " = " + brief(v); }
                case 1 -> { String k = pickString(); rename(o, key, k); return "rename key " + key + " to " + brief(k); }
                case 2 -> { String k = random.nextBoolean() ? pickString() : "extra"; o.set(k, pick()); return "add key " + brief(k); }
                case 3 -> { o.remove(key); return "remove " + key; }
                default -> { JsonNode v = o.get(key); o.set(key, wrap(v)); return "wrap " + key; }
            }
        }
        ArrayNode a = (ArrayNode) c;
        if (a.isEmpty() || random.nextInt(4) == 0) { JsonNode v = pick(); a.add(v); return "append " + brief(v); }
        int i = random.nextInt(a.size());
        switch (random.nextInt(3)) {
            case 0 -> { JsonNode v = pick(); a.set(i, v); return "set [" + i + "] = " + brief(v); }
            case 1 -> { a.remove(i); return "remove [" + i + "]"; }
            default -> { a.add(a.get(i).deepCopy()); return "duplicate [" + i + "]"; }
        }
    }

    private JsonNode wrap(JsonNode v) {
        if (random.nextBoolean()) return JsonNodeFactory.instance.arrayNode().add(v);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("x", v);
        return o;
    }

    /** Renames in place, keeping the key's position (file order matters to the lab format). */
    private static void rename(ObjectNode o, String from, String to) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) entries.add(it.next());
        o.removeAll();
        for (Map.Entry<String, JsonNode> e : entries) o.set(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
    }

    private JsonNode pick() { return VALUES.get(random.nextInt(VALUES.size())); }

    private String pickString() { return STRINGS.get(random.nextInt(STRINGS.size())); }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) out.add(n);
        for (JsonNode child : n) collect(child, out);
    }

    static String brief(Object v) {
        String s = String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + " chars)" : s;
    }

    static String write(JsonNode tree) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One input for the parser and what was done to make it. */
    record Case(String what, String text) {}
}
