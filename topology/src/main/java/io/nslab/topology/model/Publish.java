package io.nslab.topology.model;

/** {@code HOSTPORT:PORT/PROTO}: traffic to HOSTPORT on the host side is DNATed to the node's PORT. */
public record Publish(int hostPort, int port, String proto) {
    @Override
    public String toString() { return hostPort + ":" + port + "/" + proto; }
}
