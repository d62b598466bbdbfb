package io.nslab.cli.services;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import io.netty.channel.Channel;

/** Timestamped lines about the services, into the supervisor's log file (or nowhere). */
public final class ServiceLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private final PrintStream out;

    private ServiceLog(PrintStream out) {
        this.out = out;
    }

    public static ServiceLog to(PrintStream out) { return new ServiceLog(out); }

    public static ServiceLog silent() { return new ServiceLog(null); }

    public void info(String message) {
        if (out != null) out.println(LocalDateTime.now().format(TIME) + " " + message);
    }

    void connectionError(String service, Channel channel, Throwable cause) {
        info(service + " " + channel.remoteAddress() + " -> " + channel.localAddress() + ": " + cause);
    }
}
