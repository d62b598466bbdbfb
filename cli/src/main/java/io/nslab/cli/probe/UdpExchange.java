package io.nslab.cli.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.nslab.addr.IpAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * The udp probe: one datagram with a token of its own, passing when the same bytes come back.
 * The socket is connected, so only the target's answer is taken, and an ICMP port
 * unreachable for it fails the probe at once ("connection refused").
 */
final class UdpExchange {
    private UdpExchange() {}

    /** One attempt of at most {@code timeout}; must run on a thread inside the probe's network namespace: the socket is created here. */
    static Outcome start(EventLoopGroup group, Probe.Udp probe, Duration timeout) {
        Outcome outcome = new Outcome(timeout);
        byte[] token = ("nslab-udp-probe " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        ChannelFuture connect = new Bootstrap().group(group)
                .channelFactory(() -> new NioDatagramChannel(SocketFamily.of(probe.target().getAddress())))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        ByteBuf content = packet.content();
                        if (ByteBufUtil.equals(content, Unpooled.wrappedBuffer(token))) {
                            outcome.ok("echo from " + IpAddress.of(packet.sender().getAddress().getAddress()).withPort(packet.sender().getPort()));
                        } else {
                            outcome.fail("answer is not the echo of what was sent (" + content.readableBytes() + " bytes)");
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        outcome.fail(cause);
                    }
                })
                .connect(probe.target());
        outcome.watch(connect.channel(), group);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                outcome.fail(f.cause());
                return;
            }
            connect.channel().writeAndFlush(Unpooled.wrappedBuffer(token)).addListener(w -> {
                if (!w.isSuccess()) outcome.fail(w.cause());
            });
        });
        return outcome;
    }
}
