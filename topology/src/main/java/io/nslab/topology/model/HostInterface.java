package io.nslab.topology.model;

import io.nslab.addr.Cidr;

/** An interface of the lab's host side, the end {@code host:NAME} of a link. {@code mtu} null: the link's. */
public record HostInterface(String name, Cidr ip, Integer mtu) {}
