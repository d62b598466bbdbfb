package io.nslab.cli.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceBindingsTest {
    private static final List<ServiceBinding> SPECS = List.of(
            new ServiceBinding("web", "web", "/run/netns/lab-web", ServiceType.HTTP, 80),
            new ServiceBinding("echo", "echo-host", "/run/netns/lab-echo", ServiceType.UDP_ECHO, 7));

    @Test
    void roundTrips() {
        assertEquals(SPECS, ServiceBindings.fromJson(ServiceBindings.toJson(SPECS)));
    }

    @Test
    void readsTheDocumentedFormat() {
        String text = """
                [ {"node":"web","hostname":"web","netns":"/run/netns/lab-web","type":"http","port":80},
                  {"node":"echo","hostname":"echo-host","netns":"/run/netns/lab-echo","type":"udp-echo","port":7} ]
                """;
        assertEquals(SPECS, ServiceBindings.fromJson(text));
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertMessage("unknown service type \"ftp\"",
                "[{\"node\":\"a\",\"hostname\":\"a\",\"netns\":\"/x\",\"type\":\"ftp\",\"port\":21}]");
        assertMessage("service spec [0]: unknown key \"colour\"",
                "[{\"node\":\"a\",\"hostname\":\"a\",\"netns\":\"/x\",\"type\":\"http\",\"port\":80,\"colour\":1}]");
        assertMessage("service spec [0]: \"port\" must be an integer",
                "[{\"node\":\"a\",\"hostname\":\"a\",\"netns\":\"/x\",\"type\":\"http\",\"port\":\"80\"}]");
        assertMessage("port 70000 is not in 1..65535",
                "[{\"node\":\"a\",\"hostname\":\"a\",\"netns\":\"/x\",\"type\":\"http\",\"port\":70000}]");
        assertMessage("service spec [0]: \"netns\" must be a string",
                "[{\"node\":\"a\",\"hostname\":\"a\",\"type\":\"http\",\"port\":80}]");
        assertMessage("expected a JSON array", "{}");
        assertMessage("not valid JSON", "[{");
        assertMessage("Duplicate field 'port'",
                "[{\"node\":\"a\",\"hostname\":\"a\",\"netns\":\"/x\",\"type\":\"http\",\"port\":80,\"port\":81}]");
    }

    private static void assertMessage(String expected, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceBindings.fromJson(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
