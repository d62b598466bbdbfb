package io.nslab.cli.services;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty event-loop groups whose threads live in the process's own network namespace. */
public final class EventLoops {
    private EventLoops() {}

    /** A NIO group of {@code threads} daemon threads named after {@code name}. */
    public static EventLoopGroup create(String name, int threads) {
        HomeNamespaceExecutor executor = new HomeNamespaceExecutor(new DefaultThreadFactory(name, true));
        return new MultiThreadIoEventLoopGroup(threads, executor, NioIoHandler.newFactory());
    }
}
