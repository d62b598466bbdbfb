package io.nslab.topology.parse;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON object being read at a path: refuses keys it does not know, and reads typed
 * fields, reporting a wrong type or a missing required key instead of throwing, so reading
 * goes on and every error is found. A getter returns null when the value is absent or wrong.
 */
final class Obj {
    private final JsonNode node;
    private final String path;
    private final Problems problems;

    private Obj(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Returns the object at {@code path}, or null (and an error) when {@code node} is not an object or has unknown keys it still reads. */
    static Obj of(JsonNode node, String path, Problems problems, String what, List<String> keys) {
        if (node == null || !node.isObject()) {
            problems.add(path.isEmpty() ? "(top)" : path, "must be an object (" + what + "), not " + Json.describe(node));
            return null;
        }
        Set<String> known = Set.copyOf(keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                problems.add(Problems.key(path, k), "unknown key in " + what + " (known: " + String.join(", ", keys) + ")");
            }
        }
        return new Obj(node, path, problems);
    }

    String path() { return path; }

    String path(String key) { return Problems.key(path, key); }

    boolean has(String key) { return node.has(key); }

    JsonNode raw(String key) { return node.get(key); }

    void missing(String key, String hint) { problems.add(path(key), "missing; " + hint); }

    String string(String key) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        if (!v.isTextual()) {
            problems.add(path(key), "must be a string, not " + Json.describe(v));
            return null;
        }
        return v.textValue();
    }

    String requiredString(String key, String hint) {
        if (!node.has(key)) {
            missing(key, hint);
            return null;
        }
        return string(key);
    }

    Boolean bool(String key) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        if (!v.isBoolean()) {
            problems.add(path(key), "must be true or false, not " + Json.describe(v));
            return null;
        }
        return v.booleanValue();
    }

    /** An integer from {@code min} to {@code max}; a fraction, a string or a number out of range is an error. */
    Integer integer(String key, int min, int max, String what) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        return Json.integer(v, path(key), min, max, what, problems);
    }

    /** A JSON object as an ordered map of its members (for name → thing maps); null and an error when not an object. */
    Map<String, JsonNode> members(String key, String what) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        if (!v.isObject()) {
            problems.add(path(key), "must be an object (" + what + "), not " + Json.describe(v));
            return null;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A JSON array's elements; null and an error when not an array. */
    List<JsonNode> array(String key, String what) {
        JsonNode v = node.get(key);
        if (v == null) return null;
        if (!v.isArray()) {
            problems.add(path(key), "must be an array (" + what + "), not " + Json.describe(v));
            return null;
        }
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        v.forEach(out::add);
        return out;
    }
}
