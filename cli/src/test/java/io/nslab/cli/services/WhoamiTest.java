package io.nslab.cli.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class WhoamiTest {
    @Test
    void isCompactJsonInTheDocumentedOrder() {
        Whoami w = new Whoami("web", new InetSocketAddress("172.20.0.10", 80), new InetSocketAddress("172.20.0.2", 41234), "GET", "/");
        assertEquals("{\"hostname\":\"web\",\"local\":\"172.20.0.10:80\",\"remote\":\"172.20.0.2:41234\",\"method\":\"GET\",\"path\":\"/\"}",
                w.toJson());
    }

    @Test
    void escapesWhatJsonRequires() throws Exception {
        String path = "/a\"b\\c\u0001\td\u00e9";
        Whoami w = new Whoami("h", new InetSocketAddress("10.0.0.1", 1), new InetSocketAddress("10.0.0.2", 2), "GET", path);
        assertEquals("{\"hostname\":\"h\",\"local\":\"10.0.0.1:1\",\"remote\":\"10.0.0.2:2\",\"method\":\"GET\",\"path\":\"/a\\\"b\\\\c\\u0001\\td\u00e9\"}",
                w.toJson());
        JsonNode parsed = new ObjectMapper().readTree(w.toJson());
        assertEquals(path, parsed.get("path").asText());
    }

    @Test
    void bracketsIpv6() {
        assertEquals("[::1]:80", Whoami.endpoint(new InetSocketAddress("::1", 80)).replace("0:0:0:0:0:0:0:1", "::1"));
    }
}
