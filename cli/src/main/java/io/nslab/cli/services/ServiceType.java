package io.nslab.cli.services;

import java.util.Arrays;

/** The built-in services a node can run, by the names the lab file uses. */
public enum ServiceType {
    /** whoami over HTTP: every request gets 200 and a JSON object naming both ends. */
    HTTP("http"),
    /** TCP: sends back whatever it receives. */
    TCP_ECHO("tcp-echo"),
    /** UDP: sends each datagram back to its sender. */
    UDP_ECHO("udp-echo");

    private final String label;

    ServiceType(String label) {
        this.label = label;
    }

    /** The name used in lab files and spec files, e.g. {@code "tcp-echo"}. */
    public String label() { return label; }

    public boolean udp() { return this == UDP_ECHO; }

    public static ServiceType of(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service type \"" + label
                        + "\" (known: http, tcp-echo, udp-echo)"));
    }

    @Override
    public String toString() { return label; }
}
