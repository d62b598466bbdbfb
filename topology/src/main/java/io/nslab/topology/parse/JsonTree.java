package io.nslab.topology.parse;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON value read into Jackson's tree straight from the parser's tokens, as
 * {@code ObjectMapper.readTree} builds it, without an ObjectMapper: creating the first one
 * (and its tree deserializer) costs a fresh JVM about 50 ms, most of a lab file's reading.
 * The parser enforces the rest (syntax, duplicate keys, nesting depth).
 */
public final class JsonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {}

    /** The value that starts at the parser's next token, or null when there is none (empty input). */
    public static JsonNode read(JsonParser p) throws IOException {
        return read(p, LabSyntax.JSON);
    }

    /** As {@link #read(JsonParser)}, from a parser of {@code syntax} (YAML refuses aliases). */
    public static JsonNode read(JsonParser p, LabSyntax syntax) throws IOException {
        JsonToken first = p.nextToken();
        return first == null ? null : value(p, first, syntax == LabSyntax.YAML);
    }

    private static JsonNode value(JsonParser p, JsonToken t, boolean yaml) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    o.set(key, value(p, p.nextToken(), yaml));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) a.add(value(p, k, yaml));
                return a;
            }
            case VALUE_STRING:
                if (yaml) YamlText.refuseAlias(p);
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IOException("unexpected " + t);
        }
    }
}
