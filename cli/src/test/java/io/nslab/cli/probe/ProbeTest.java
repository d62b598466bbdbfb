package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProbeTest {
    private static Probe.Http http(String url, Integer status, String body) throws Exception {
        return new Probe.Http("/run/netns/x", URI.create(url), InetAddress.getByName("10.0.0.2"), status, body, Probe.DEFAULT_TIMEOUT);
    }

    @Test
    void httpProbeTakesItsRequestFromTheUrl() throws Exception {
        Probe.Http plain = http("http://web/", null, null);
        assertEquals(80, plain.port());
        assertEquals("/", plain.requestTarget());
        assertEquals("web", plain.hostHeader());
        Probe.Http full = http("http://198.51.100.1:8080/a%20b?x=1&y", null, null);
        assertEquals(8080, full.port());
        assertEquals("/a%20b?x=1&y", full.requestTarget());
        assertEquals("198.51.100.1:8080", full.hostHeader());
        assertEquals("/", http("http://web", null, null).requestTarget());
        Probe.Http v6 = new Probe.Http("/run/netns/x", URI.create("http://[fd00::10]:8080/x"), InetAddress.getByName("fd00::10"), null, null,
                Probe.DEFAULT_TIMEOUT);
        assertEquals("[fd00::10]:8080", v6.hostHeader());
        assertEquals(8080, v6.port());
        assertThrows(IllegalArgumentException.class, () -> http("https://web/", null, null));
    }

    @Test
    void httpJudgesStatusAndBody() throws Exception {
        assertNull(HttpGet.judge(http("http://w/", null, null), 200, ""));
        assertNull(HttpGet.judge(http("http://w/", null, null), 302, ""));
        assertEquals("status 404", HttpGet.judge(http("http://w/", null, null), 404, ""));
        assertEquals("status 200, expected 404", HttpGet.judge(http("http://w/", 404, null), 200, ""));
        assertNull(HttpGet.judge(http("http://w/", 404, null), 404, ""));
        assertEquals("body does not contain \"hostname\":\"web\" (body: {\"hostname\":\"db\"})",
                HttpGet.judge(http("http://w/", null, "\"hostname\":\"web\""), 200, "{\"hostname\":\"db\"}\n"));
        assertNull(HttpGet.judge(http("http://w/", 200, "\"hostname\":\"web\""), 200, "{\"hostname\":\"web\"}"));
    }

    @Test
    void probesTakePositiveTimeouts() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> new Probe.Ping("/x", InetAddress.getByName("127.0.0.1"), Duration.ZERO));
    }
}
