package io.nslab.topology.model;

/**
 * A point-to-point veth link between two endpoints. {@code mtu} null: 1500 unless an end says
 * otherwise. {@code impair}: seen from {@code a} (out is a to b), never null.
 */
public record Link(Endpoint a, Endpoint b, Integer mtu, Impair impair) {
    public Link(Endpoint a, Endpoint b, Integer mtu) {
        this(a, b, mtu, Impair.NONE);
    }
}
