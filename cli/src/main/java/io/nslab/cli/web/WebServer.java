package io.nslab.cli.web;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.nslab.cli.services.EventLoops;

/**
 * nslab's web page: one HTTP server on 127.0.0.1 only (never another address: every terminal
 * it opens is a root shell), guarded by a random token ({@link AccessGate}), serving the page's
 * files ({@link PageFiles}) and one WebSocket per open page ({@link PageSocket}).
 */
public final class WebServer implements AutoCloseable {
    static final String SOCKET_PATH = "/ws";

    private final EventLoopGroup loop;
    private final Channel channel;
    private final Hub hub;
    private final String token;

    private WebServer(EventLoopGroup loop, Channel channel, Hub hub, String token) {
        this.loop = loop;
        this.channel = channel;
        this.hub = hub;
        this.token = token;
    }

    /** Listens on 127.0.0.1:PORT (0: a free port) with a fresh token; {@code lab} is the page's first lab (null: any). */
    public static WebServer start(int port, String lab) throws InterruptedException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        PageFiles.preload();
        EventLoopGroup loop = EventLoops.create("nslab-web", 1);
        Hub hub = new Hub(lab);
        int[] bound = {port};
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                    new AccessGate(token, bound[0]),
                                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                            .websocketPath(SOCKET_PATH).checkStartsWith(true).maxFramePayloadLength(1 << 20).build()),
                                    new PageFiles(token, bound[0], hub), new PageSocket(hub));
                        }
                    });
            Channel channel = bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            bound[0] = ((InetSocketAddress) channel.localAddress()).getPort();
            hub.start();
            serveOnce(bound[0], token);
            return new WebServer(loop, channel, hub, token);
        } catch (RuntimeException | InterruptedException e) {
            loop.shutdownGracefully();
            throw e;
        }
    }

    /**
     * Asks this server for its page once, before it says where it is: the first page served by
     * a fresh JVM took 600 ms (Netty's HTTP classes loaded, the page's JSON written by code not
     * yet compiled), which the student who opens the URL would otherwise wait for.
     */
    private static void serveOnce(int port, String token) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        } catch (java.io.IOException e) {
            // only a warm-up: a page that fails here fails for the browser too, and says why there
        }
    }

    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    /** The address to open, token included (as Jupyter prints its own). */
    public String url() { return "http://127.0.0.1:" + port() + "/?token=" + token; }

    @Override
    public void close() {
        hub.close();
        channel.close().syncUninterruptibly();
        loop.shutdownGracefully();
    }
}
