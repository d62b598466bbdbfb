package io.nslab.cli.services;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Sends every byte received on a TCP connection back on it. */
final class TcpEchoHandler extends ChannelInboundHandlerAdapter {
    private final ServiceLog log;

    TcpEchoHandler(ServiceLog log) {
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg); // the buffer is released once written
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.connectionError("tcp-echo", ctx.channel(), cause);
        ctx.close();
    }
}
