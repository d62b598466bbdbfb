package io.nslab.topology.plan;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Mac;

/**
 * How plan.json holds the address library's values: as the text a lab file and {@code ip}
 * write ({@code "172.20.0.10/24"}, {@code "fd00::1"}, {@code "02:42:ac:14:00:0a"}), read back
 * through each type's parser. The address module itself knows nothing of JSON.
 */
final class AddressJson {
    private AddressJson() {}

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("nslab-addresses");
        m.addSerializer(IpAddress.class, new AsText<>());
        m.addSerializer(Cidr.class, new AsText<>());
        m.addSerializer(Mac.class, new AsText<>());
        m.addDeserializer(IpAddress.class, new FromText<>(IpAddress::parse));
        m.addDeserializer(Cidr.class, new FromText<>(Cidr::parse));
        m.addDeserializer(Mac.class, new FromText<>(Mac::parse));
        return m;
    }

    /** Whether plan.json writes {@code v} as its text. */
    static boolean isAddress(Object v) {
        return v instanceof IpAddress || v instanceof Cidr || v instanceof Mac;
    }

    private static final class AsText<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(value.toString());
        }
    }

    private static final class FromText<T> extends JsonDeserializer<T> {
        private final java.util.function.Function<String, T> parse;

        FromText(java.util.function.Function<String, T> parse) { this.parse = parse; }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                return ctx.reportInputMismatch(this, "%s", e.getMessage());
            }
        }
    }
}
