package io.nslab.cli.services;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.nslab.sys.InNamespace;

/**
 * Serves built-in services of many nodes from one process.
 *
 * <p>A socket belongs to the network namespace of the thread that creates it. Netty creates
 * a channel's socket in {@code bind()}, on the calling thread (the bind itself then runs on an
 * event loop), so each namespace's channels are created on a fresh thread inside it
 * ({@link InNamespace#call}), while the event loops run in the process's own namespace
 * ({@link EventLoops}). Connections accepted by a listening socket are in its namespace.
 */
public final class ServiceHost implements AutoCloseable {
    /** A service that is listening, and the address it is bound to. */
    public record Bound(ServiceBinding spec, InetSocketAddress address) {}

    /**
     * Where services listen: {@code ::} (every IPv6 address and, as bindv6only is 0 in every new
     * namespace, every IPv4 one as v4-mapped) where the kernel has IPv6, else 0.0.0.0.
     */
    private static final boolean IPV6 = java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/if_inet6"));
    private static final InetSocketAddress ANY = new InetSocketAddress(IPV6 ? "::" : "0.0.0.0", 0);
    private static final SocketProtocolFamily FAMILY = IPV6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;

    private final EventLoopGroup group;
    private final ServiceLog log;
    private final List<Channel> channels = new ArrayList<>();
    private final List<Bound> bound = new ArrayList<>();

    private ServiceHost(EventLoopGroup group, ServiceLog log) {
        this.group = group;
        this.log = log;
    }

    /**
     * Binds every service, on every address of its node (:: or 0.0.0.0). Returns once all listen;
     * if one fails, closes the others and throws a {@link ServiceBindException} naming it.
     */
    public static ServiceHost start(List<ServiceBinding> specs, int threads, ServiceLog log) {
        ServiceHost host = new ServiceHost(EventLoops.create("nslab-svc", threads), log);
        try {
            Map<String, List<ServiceBinding>> byNetns = new LinkedHashMap<>();
            for (ServiceBinding spec : specs) byNetns.computeIfAbsent(spec.netnsPath(), k -> new ArrayList<>()).add(spec);
            for (var entry : byNetns.entrySet()) host.bindAll(entry.getKey(), entry.getValue());
            return host;
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    public List<Bound> bound() { return List.copyOf(bound); }

    private void bindAll(String netnsPath, List<ServiceBinding> specs) {
        List<ChannelFuture> futures;
        try {
            futures = InNamespace.call(netnsPath, () -> {
                List<ChannelFuture> inNs = new ArrayList<>();
                for (ServiceBinding spec : specs) inNs.add(bind(spec));
                return inNs;
            });
        } catch (RuntimeException e) {
            throw new ServiceBindException(specs.get(0), "cannot enter the network namespace: " + e.getMessage(), e);
        }
        for (int i = 0; i < specs.size(); i++) {
            ChannelFuture future = futures.get(i).awaitUninterruptibly();
            channels.add(future.channel());
            if (!future.isSuccess()) throw new ServiceBindException(specs.get(i), reason(future.cause()), future.cause());
            bound.add(new Bound(specs.get(i), (InetSocketAddress) future.channel().localAddress()));
            log.info("serving " + specs.get(i).describe() + " on " + future.channel().localAddress() + " in " + netnsPath);
        }
    }

    /** Must run on a thread inside the service's network namespace: the socket is created here. */
    private ChannelFuture bind(ServiceBinding spec) {
        InetSocketAddress address = new InetSocketAddress(ANY.getAddress(), spec.port());
        if (spec.type().udp()) {
            return new Bootstrap().group(group)
                    .channelFactory(() -> new NioDatagramChannel(FAMILY))
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(new UdpEchoHandler(log))
                    .bind(address);
        }
        return new ServerBootstrap().group(group)
                .channelFactory(() -> new NioServerSocketChannel(SelectorProvider.provider(), FAMILY))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (spec.type() == ServiceType.HTTP) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                    new WhoamiHandler(spec.hostname(), log));
                        } else {
                            ch.pipeline().addLast(new TcpEchoHandler(log));
                        }
                    }
                })
                .bind(address);
    }

    private static String reason(Throwable cause) {
        if (cause instanceof BindException) return "port already in use or address not available (" + cause.getMessage() + ")";
        return String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
    }

    /** Closes every listening socket (and so every connection's loop) and stops the event loops. */
    @Override
    public void close() {
        // A channel that never reached a loop was already closed by Netty when that failed.
        for (Channel channel : channels) if (channel.isRegistered()) channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
