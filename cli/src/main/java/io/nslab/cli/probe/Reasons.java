package io.nslab.cli.probe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;

/** Turns what a failed probe threw into a short reason a student can read. */
final class Reasons {
    private Reasons() {}

    static String of(Throwable cause, long timeoutMs) {
        if (cause instanceof ConnectTimeoutException) return "timeout after " + timeoutMs + " ms";
        if (cause instanceof PortUnreachableException) return "connection refused (ICMP port unreachable)";
        if (cause instanceof NoRouteToHostException) return "no route to host";
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (cause instanceof ConnectException && message.startsWith("Connection refused")) return "connection refused";
        if (message.startsWith("Network is unreachable")) return "network unreachable";
        if (message.startsWith("Connection reset")) return "connection reset";
        if (cause instanceof ClosedChannelException) return "connection closed";
        if (cause instanceof DecoderException) return "not an HTTP response: " + (cause.getCause() != null ? cause.getCause().getMessage() : message);
        if (cause instanceof SocketException) return message.isEmpty() ? cause.getClass().getSimpleName() : message;
        return message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }
}
