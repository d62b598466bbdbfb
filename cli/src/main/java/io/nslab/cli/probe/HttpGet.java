package io.nslab.cli.probe;

import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.nio.charset.StandardCharsets;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

/** The http probe: one GET, judged by its status and body. */
final class HttpGet {
    private static final int MAX_BODY = 1 << 20;
    private static final int QUOTE = 200;

    private HttpGet() {}

    /** One attempt of at most {@code timeout}; must run on a thread inside the probe's network namespace: the socket is created here. */
    static Outcome start(EventLoopGroup group, Probe.Http probe, Duration timeout) {
        Outcome outcome = new Outcome(timeout);
        ChannelFuture connect = new Bootstrap().group(group)
                .channelFactory(() -> new NioSocketChannel(SelectorProvider.provider(), SocketFamily.of(probe.address())))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new Handler(probe, outcome));
                    }
                })
                .connect(new java.net.InetSocketAddress(probe.address(), probe.port()));
        outcome.watch(connect.channel(), group);
        connect.addListener(f -> {
            if (!f.isSuccess()) outcome.fail(f.cause());
        });
        return outcome;
    }

    /** Judges a response against the probe's expectations; null when it passes. */
    static String judge(Probe.Http probe, int status, String body) {
        if (probe.expectStatus() != null ? status != probe.expectStatus() : status >= 400) {
            return "status " + status + (probe.expectStatus() != null ? ", expected " + probe.expectStatus() : "");
        }
        if (probe.bodyContains() != null && !body.contains(probe.bodyContains())) {
            String quote = body.strip();
            if (quote.length() > QUOTE) quote = quote.substring(0, QUOTE) + "...";
            return "body does not contain " + probe.bodyContains() + " (body: " + quote + ")";
        }
        return null;
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Probe.Http probe;
        private final Outcome outcome;

        Handler(Probe.Http probe, Outcome outcome) {
            this.probe = probe;
            this.outcome = outcome;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, probe.requestTarget());
            request.headers().set(HttpHeaderNames.HOST, probe.hostHeader())
                    .set(HttpHeaderNames.USER_AGENT, "nslab-check")
                    .set(HttpHeaderNames.ACCEPT, "*/*")
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(request).addListener(w -> {
                if (!w.isSuccess()) outcome.fail(w.cause());
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (response.decoderResult().isFailure()) {
                outcome.fail("not an HTTP response: " + response.decoderResult().cause().getMessage());
                return;
            }
            int status = response.status().code();
            String body = response.content().toString(StandardCharsets.UTF_8);
            String failure = judge(probe, status, body);
            ProbeResult.HttpReply reply = new ProbeResult.HttpReply(status, body);
            outcome.complete(new ProbeResult(failure == null, outcome.elapsed(), failure == null ? "status " + status : failure, reply));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            outcome.fail("connection closed before a complete response");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            outcome.fail(cause);
        }
    }
}
