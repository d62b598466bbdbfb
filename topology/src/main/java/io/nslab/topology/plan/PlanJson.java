package io.nslab.topology.plan;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * plan.json as Jackson's databind writes a {@link Plan} (and reads it back with
 * {@link Plan#fromJson}): every record as an object of its components in order, a
 * {@link Step} with its record name as {@code "step"} first, lists as arrays, maps as objects,
 * addresses as their text ({@link AddressJson}).
 * Written straight to a generator because databind's first write builds a serializer per
 * record type, about 80 ms of a fresh JVM, where this takes a few. {@code PlanJsonTest} checks
 * that both write the same JSON for every lab.
 */
final class PlanJson {
    private static final JsonFactory JSON = new JsonFactory();

    private PlanJson() {}

    static String write(Plan plan) {
        StringWriter out = new StringWriter(16 * 1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            value(g, plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (AddressJson.isAddress(v)) {
            g.writeString(v.toString());
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) value(g, o);
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Record r) {
            record(g, r);
        } else {
            throw new IllegalArgumentException("plan.json has no form for " + v.getClass().getName());
        }
    }

    private static void record(JsonGenerator g, Record r) throws IOException {
        g.writeStartObject();
        if (r instanceof Step) g.writeStringField("step", r.getClass().getSimpleName());
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            g.writeFieldName(c.getName());
            try {
                value(g, c.getAccessor().invoke(r));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("read " + c + ": " + e, e);
            }
        }
        g.writeEndObject();
    }
}
