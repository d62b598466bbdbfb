package io.nslab.cli.probe;

import java.net.Inet6Address;
import java.net.InetAddress;

import io.netty.channel.socket.SocketProtocolFamily;

/**
 * The family of a probe's socket: its target's. Never the JDK's default (an IPv6 socket for
 * either family), which cannot even be opened in a node whose IPv6 is off.
 */
final class SocketFamily {
    private SocketFamily() {}

    static SocketProtocolFamily of(InetAddress target) {
        return target instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
    }
}
