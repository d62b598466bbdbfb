package io.nslab.cli.services;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/** Sends each datagram back to the address it came from. */
final class UdpEchoHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final ServiceLog log;

    UdpEchoHandler(ServiceLog log) {
        this.log = log;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ctx.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket reports an earlier send's ICMP error here; it is no reason to stop serving.
        log.connectionError("udp-echo", ctx.channel(), cause);
    }
}
