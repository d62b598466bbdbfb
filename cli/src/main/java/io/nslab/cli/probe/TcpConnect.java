package io.nslab.cli.probe;

import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;

import io.nslab.addr.IpAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The tcp probe: passes when the three-way handshake completes. */
final class TcpConnect {
    private TcpConnect() {}

    /** One attempt of at most {@code timeout}; must run on a thread inside the probe's network namespace: the socket is created here. */
    static Outcome start(EventLoopGroup group, Probe.Tcp probe, Duration timeout) {
        Outcome outcome = new Outcome(timeout);
        ChannelFuture connect = new Bootstrap().group(group)
                .channelFactory(() -> new NioSocketChannel(SelectorProvider.provider(), SocketFamily.of(probe.target().getAddress())))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInboundHandlerAdapter())
                .connect(probe.target());
        outcome.watch(connect.channel(), group);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                outcome.ok("connected to " + IpAddress.of(probe.target().getAddress().getAddress()).withPort(probe.target().getPort()));
            } else {
                outcome.fail(f.cause());
            }
        });
        return outcome;
    }
}
