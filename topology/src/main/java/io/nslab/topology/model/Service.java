package io.nslab.topology.model;

/** A built-in service: {@code http} (whoami), {@code tcp-echo} or {@code udp-echo}, on a port. */
public record Service(String type, int port) {
    public static final java.util.List<String> TYPES = java.util.List.of("http", "tcp-echo", "udp-echo");

    public String proto() { return type.equals("udp-echo") ? "udp" : "tcp"; }
}
