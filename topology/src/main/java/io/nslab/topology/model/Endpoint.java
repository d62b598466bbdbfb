package io.nslab.topology.model;

/** One end of a link, written {@code OWNER:IF}: a node's interface, or {@code host:IF} for the lab's host side. */
public record Endpoint(String owner, String ifname) {
    public static final String HOST = "host";

    public boolean isHost() { return HOST.equals(owner); }

    @Override
    public String toString() { return owner + ":" + ifname; }
}
