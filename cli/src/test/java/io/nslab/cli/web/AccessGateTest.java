package io.nslab.cli.web;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

class AccessGateTest {
    private static final String TOKEN = "0123456789abcdef";
    private final AccessGate gate = new AccessGate(TOKEN, 8800);

    private static FullHttpRequest get(String uri, String host, String... headers) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (host != null) r.headers().set("Host", host);
        for (int i = 0; i < headers.length; i += 2) r.headers().set(headers[i], headers[i + 1]);
        return r;
    }

    @Test
    void theTokenInTheUrlOrItsCookieLetsThrough() {
        assertNull(gate.refusal(get("/?token=" + TOKEN, "127.0.0.1:8800")));
        assertNull(gate.refusal(get("/app.js", "localhost:8800", "Cookie", "nslab_token=" + TOKEN)));
    }

    @Test
    void noTokenAWrongOneOrAnotherHostIsRefused() {
        assertNotNull(gate.refusal(get("/", "127.0.0.1:8800")));
        assertNotNull(gate.refusal(get("/?token=0123456789abcdee", "127.0.0.1:8800")));
        assertNotNull(gate.refusal(get("/?token=" + TOKEN.substring(1), "127.0.0.1:8800")));
        assertNotNull(gate.refusal(get("/app.js", "127.0.0.1:8800", "Cookie", "other=" + TOKEN)));
        // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) names its own host.
        assertNotNull(gate.refusal(get("/?token=" + TOKEN, "evil.example:8800")));
        assertNotNull(gate.refusal(get("/?token=" + TOKEN, null)));
    }

    @Test
    void theSocketAlsoNeedsThisServersPageAsOrigin() {
        assertNull(gate.refusal(get("/ws?token=" + TOKEN, "127.0.0.1:8800", "Origin", "http://127.0.0.1:8800")));
        assertNull(gate.refusal(get("/ws", "127.0.0.1:8800", "Origin", "http://localhost:8800", "Cookie", "nslab_token=" + TOKEN)));
        assertNotNull(gate.refusal(get("/ws?token=" + TOKEN, "127.0.0.1:8800")));
        assertNotNull(gate.refusal(get("/ws?token=" + TOKEN, "127.0.0.1:8800", "Origin", "http://evil.example")));
        assertNotNull(gate.refusal(get("/ws?token=" + TOKEN, "127.0.0.1:8800", "Origin", "http://127.0.0.1:8801")));
        assertNotNull(gate.refusal(get("/ws?token=" + TOKEN, "127.0.0.1:8800", "Origin", "null")));
    }
}
