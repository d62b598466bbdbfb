package io.nslab.topology.model;

/** A point-to-point veth link between two endpoints. {@code mtu} null: 1500 unless an end says otherwise. */
public record Link(Endpoint a, Endpoint b, Integer mtu) {}
