package io.nslab.cli.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The supervisor's spec file: a JSON array with one object per service,
 * <pre>
 * [ {"node":"web","hostname":"web","netns":"/run/netns/lab-web","type":"http","port":80}, ... ]
 * </pre>
 * {@code up} writes it into the lab's state directory and the supervisor reads it back.
 */
public final class ServiceSpecs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ServiceSpecs() {}

    public static String toJson(List<ServiceSpec> specs) {
        ArrayNode array = JSON.createArrayNode();
        for (ServiceSpec spec : specs) {
            ObjectNode o = array.addObject();
            o.put("node", spec.node());
            o.put("hostname", spec.hostname());
            o.put("netns", spec.netnsPath());
            o.put("type", spec.type().label());
            o.put("port", spec.port());
        }
        return array.toPrettyString() + "\n";
    }

    public static List<ServiceSpec> fromJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("service spec: not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException("service spec: expected a JSON array");
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode o = root.get(i);
            String where = "service spec [" + i + "]";
            if (!o.isObject()) throw new IllegalArgumentException(where + ": expected an object");
            o.fieldNames().forEachRemaining(name -> {
                if (!List.of("node", "hostname", "netns", "type", "port").contains(name)) {
                    throw new IllegalArgumentException(where + ": unknown key \"" + name + "\"");
                }
            });
            try {
                specs.add(new ServiceSpec(text(o, "node", where), text(o, "hostname", where), text(o, "netns", where),
                        ServiceType.of(text(o, "type", where)), port(o, where)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }

    public static void write(Path file, List<ServiceSpec> specs) throws IOException {
        Files.writeString(file, toJson(specs));
    }

    public static List<ServiceSpec> read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    private static String text(JsonNode o, String key, String where) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(where + ": \"" + key + "\" must be a string");
        return v.asText();
    }

    private static int port(JsonNode o, String where) {
        JsonNode v = o.get("port");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": \"port\" must be an integer");
        }
        return v.intValue();
    }
}
