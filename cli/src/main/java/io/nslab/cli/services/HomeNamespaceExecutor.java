package io.nslab.cli.services;

import java.nio.file.Path;
import java.util.concurrent.Executor;

import io.nslab.sys.NsFiles;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts Netty's event-loop threads from a thread that is, and stays, in this process's own
 * network namespace.
 *
 * <p>Netty starts an event loop's thread lazily, from whichever thread first hands that loop
 * a task; registering a channel created on a thread inside a node's namespace does exactly
 * that. A new thread inherits its creator's namespaces, so without this the loop thread
 * would live in the node's namespace for good. Every start is handed to one launcher thread,
 * itself started while this executor is built (on a thread that must be in the process's own
 * network namespace, which the constructor checks).
 */
public final class HomeNamespaceExecutor implements Executor {
    private final ThreadFactory factory;
    private final ThreadPoolExecutor launcher;

    public HomeNamespaceExecutor(ThreadFactory factory) {
        if (!inHomeNetns()) {
            throw new IllegalStateException("event loops must be created from the process's own network namespace");
        }
        this.factory = factory;
        this.launcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "nslab-loop-launcher");
            t.setDaemon(true);
            return t;
        });
        // Started now, from here: a lazily started launcher would be created by a foreign thread.
        launcher.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable command) {
        launcher.execute(() -> factory.newThread(command).start());
    }

    /** Whether the calling thread is in the same network namespace as the process's main thread. */
    public static boolean inHomeNetns() {
        return NsFiles.inode(Path.of("/proc/thread-self/ns/net")) == NsFiles.inode(Path.of("/proc/self/ns/net"));
    }
}
