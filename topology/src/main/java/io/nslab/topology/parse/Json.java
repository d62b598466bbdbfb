package io.nslab.topology.parse;

import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers for reading a JSON tree with errors that say what was found. */
final class Json {
    private Json() {}

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        if (v.isNull()) return "null";
        if (v.isTextual()) return "a string";
        if (v.isBoolean()) return "a boolean";
        if (v.isIntegralNumber()) return "the number " + v.asText();
        if (v.isNumber()) return "the number " + v.asText();
        if (v.isArray()) return "an array";
        if (v.isObject()) return "an object";
        return v.getNodeType().toString().toLowerCase();
    }

    static Integer integer(JsonNode v, String path, int min, int max, String what, Problems problems) {
        if (!v.isIntegralNumber()) {
            problems.add(path, "must be an integer (" + what + ", " + min + " to " + max + "), not " + describe(v));
            return null;
        }
        if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            problems.add(path, v.asText() + " is out of range: " + what + " must be " + min + " to " + max);
            return null;
        }
        return v.intValue();
    }

    static String string(JsonNode v, String path, String what, Problems problems) {
        if (!v.isTextual()) {
            problems.add(path, "must be a string (" + what + "), not " + describe(v));
            return null;
        }
        return v.textValue();
    }
}
