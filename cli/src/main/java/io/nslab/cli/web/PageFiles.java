package io.nslab.cli.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;

/**
 * The page's files, from the jar (resources under {@code io/nslab/cli/web/page/}): the page
 * itself and the libraries it draws with, bundled at build time, so nothing is fetched from
 * anywhere while it runs. Only the files listed here are served.
 *
 * <p>The page comes with what it shows first: the labs that are up and the first lab's
 * topology, in a JSON block the page reads before its socket is open ({@link #FIRST}). It
 * draws at once, instead of waiting for the socket and a round trip on it.
 */
final class PageFiles extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String JS = "text/javascript; charset=utf-8";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("/", "text/html; charset=utf-8"),
            Map.entry("/app.js", JS),
            Map.entry("/app.css", "text/css; charset=utf-8"),
            Map.entry("/picture-cytoscape.js", JS),
            Map.entry("/picture-canvas.js", JS),
            Map.entry("/picture-layout.js", JS),
            Map.entry("/terminals.js", JS),
            Map.entry("/vendor/cytoscape.min.js", JS),
            Map.entry("/vendor/xterm.js", JS),
            Map.entry("/vendor/xterm.css", "text/css; charset=utf-8"),
            Map.entry("/vendor/addon-fit.js", JS));
    /** Where index.html takes the first messages, a JSON array in a script element that is not run. */
    static final String FIRST = "<!--first-->";
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, String> ETAGS = new ConcurrentHashMap<>();

    private final String token;
    private final int port;
    private final Hub hub;

    PageFiles(String token, int port, Hub hub) {
        this.token = token;
        this.port = port;
        this.hub = hub;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        String path = new QueryStringDecoder(request.uri()).path();
        String type = TYPES.get(path);
        if (type == null || !(request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))) {
            send(ctx, request, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND));
            return;
        }
        byte[] body = path.equals("/") ? withFirst(CACHE.computeIfAbsent(path, PageFiles::load)) : CACHE.computeIfAbsent(path, PageFiles::load);
        String etag = path.equals("/") ? etag(body) : ETAGS.computeIfAbsent(path, p -> etag(body));
        boolean unchanged = etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(unchanged || request.method().equals(HttpMethod.HEAD) ? new byte[0] : body));
        // no-cache with an ETag: the browser asks every time (a 304 when the file is the same)
        // and so keeps its compiled code of a library from one load to the next: a reload of the
        // page does not parse Cytoscape's 430 kB again.
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.ETAG, etag)
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY") // no other page may frame a root shell and steer clicks into it
                .set("Referrer-Policy", "no-referrer") // the URL holds the token
                .set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                        + "connect-src 'self' ws://127.0.0.1:" + port + " ws://localhost:" + port + "; frame-ancestors 'none'");
        if (path.equals("/")) {
            // The token once in the URL, then in a cookie only this server's pages send back.
            DefaultCookie cookie = new DefaultCookie(AccessGate.COOKIE, token);
            cookie.setHttpOnly(true);
            cookie.setPath("/");
            cookie.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.Strict);
            response.headers().set(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
        }
        send(ctx, request, response);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var sent = ctx.writeAndFlush(response);
        if (!keepAlive) sent.addListener(ChannelFutureListener.CLOSE);
    }

    /** The page with the labs that are up and the first lab's topology in it. */
    private byte[] withFirst(byte[] page) {
        var first = LabPage.JSON.createArrayNode().add(hub.labsMessage());
        String lab = hub.firstLab();
        if (lab != null) {
            try {
                first.add(hub.page(lab).json());
            } catch (IOException | RuntimeException e) {
                // going down as we look: the page asks for it over its socket, and hears why
            }
        }
        // "<" escaped (JSON allows it in strings): nothing in a name can end the script element.
        String block = "<script type=\"application/json\" id=\"first\">" + first.toString().replace("<", "\\u003c") + "</script>";
        return new String(page, java.nio.charset.StandardCharsets.UTF_8).replace(FIRST, block).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads every file from the jar now, as the server starts, rather than on a page's first request. */
    static void preload() {
        for (String path : TYPES.keySet()) CACHE.computeIfAbsent(path, PageFiles::load);
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + java.util.HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] load(String path) {
        String name = "page" + (path.equals("/") ? "/index.html" : path);
        try (InputStream in = PageFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the jar lacks io/nslab/cli/web/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
