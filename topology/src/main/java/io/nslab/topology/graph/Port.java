package io.nslab.topology.graph;

import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Node;

/** A node's interface on a bridge: a veth whose other end, in the host side, is a port of the bridge. */
public record Port(Node node, Interface iface, Bridge bridge) {}
