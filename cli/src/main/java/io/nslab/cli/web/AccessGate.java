package io.nslab.cli.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

/**
 * Lets through only requests that carry the server's token (the {@code token} query
 * parameter, or the cookie the page got with it) and name this server as their Host (a page
 * of another site that resolves its own name to 127.0.0.1, DNS rebinding, does not). The
 * WebSocket must also come from this server's own page (its Origin): every terminal is a
 * root shell. Everything else gets 403 and nothing more.
 */
final class AccessGate extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String COOKIE = "nslab_token";

    private final byte[] token;
    private final Set<String> hosts;

    AccessGate(String token, int port) {
        super(false); // a request let through is passed on, not released here
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String refusal = refusal(request);
        if (refusal == null) {
            ctx.fireChannelRead(request);
            return;
        }
        request.release();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                Unpooled.copiedBuffer("403 " + refusal + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Why REQUEST is refused, or null when it may pass. */
    String refusal(FullHttpRequest request) {
        if (!hosts.contains(String.valueOf(request.headers().get(HttpHeaderNames.HOST)))) return "wrong Host: open the URL nslab web printed";
        if (!tokenOf(request)) return "this page needs the token that nslab web printed (http://127.0.0.1:PORT/?token=...)";
        if (new QueryStringDecoder(request.uri()).path().equals(WebServer.SOCKET_PATH)) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin == null || !origin.startsWith("http://") || !hosts.contains(origin.substring("http://".length()))) {
                return "the terminal socket answers only this server's own page";
            }
        }
        return null;
    }

    private boolean tokenOf(FullHttpRequest request) {
        List<String> given = new QueryStringDecoder(request.uri()).parameters().get("token");
        if (given != null && !given.isEmpty() && same(given.get(0))) return true;
        String cookies = request.headers().get(HttpHeaderNames.COOKIE);
        if (cookies == null) return false;
        for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) if (c.name().equals(COOKIE) && same(c.value())) return true;
        return false;
    }

    /** Compared in constant time: how long a refusal takes says nothing of the token. */
    private boolean same(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.US_ASCII));
    }
}
