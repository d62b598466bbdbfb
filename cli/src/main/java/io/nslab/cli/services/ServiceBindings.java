package io.nslab.cli.services;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The supervisor's spec file: a JSON array with one object per service,
 * <pre>
 * [ {"node":"web","hostname":"web","netns":"/run/netns/lab-web","type":"http","port":80}, ... ]
 * </pre>
 * {@code up} writes it into the lab's state directory and the supervisor reads it back.
 * Jackson's streaming API only: the supervisor stays small without databind's 400 classes.
 */
public final class ServiceBindings {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> KEYS = Set.of("node", "hostname", "netns", "type", "port");

    private ServiceBindings() {}

    public static String toJson(List<ServiceBinding> specs) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (ServiceBinding spec : specs) {
                g.writeRaw("\n  ");
                g.writeStartObject();
                g.writeStringField("node", spec.node());
                g.writeStringField("hostname", spec.hostname());
                g.writeStringField("netns", spec.netnsPath());
                g.writeStringField("type", spec.type().label());
                g.writeNumberField("port", spec.port());
                g.writeEndObject();
            }
            g.writeRaw("\n");
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out + "\n";
    }

    public static List<ServiceBinding> fromJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new IllegalArgumentException("service spec: expected a JSON array");
            List<ServiceBinding> specs = new ArrayList<>();
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                specs.add(spec(p, "service spec [" + i + "]"));
            }
            if (p.nextToken() != null) throw new IllegalArgumentException("service spec: text after the array");
            return specs;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("service spec: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not fail
        }
    }

    public static void write(Path file, List<ServiceBinding> specs) throws IOException {
        Files.writeString(file, toJson(specs));
    }

    public static List<ServiceBinding> read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    private static ServiceBinding spec(JsonParser p, String where) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException(where + ": expected an object");
        Map<String, JsonToken> types = new HashMap<>();
        Map<String, String> values = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (!KEYS.contains(key)) throw new IllegalArgumentException(where + ": unknown key \"" + key + "\"");
            JsonToken value = p.nextToken();
            if (value.isStructStart()) p.skipChildren();
            types.put(key, value);
            values.put(key, p.getText());
        }
        try {
            return new ServiceBinding(text(types, values, "node", where), text(types, values, "hostname", where),
                    text(types, values, "netns", where), ServiceType.of(text(types, values, "type", where)),
                    port(types, values, where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, JsonToken> types, Map<String, String> values, String key, String where) {
        if (types.get(key) != JsonToken.VALUE_STRING) throw new IllegalArgumentException(where + ": \"" + key + "\" must be a string");
        return values.get(key);
    }

    private static int port(Map<String, JsonToken> types, Map<String, String> values, String where) {
        if (types.get("port") != JsonToken.VALUE_NUMBER_INT || values.get("port").length() > 6) {
            throw new IllegalArgumentException(where + ": \"port\" must be an integer");
        }
        return Integer.parseInt(values.get("port"));
    }
}
