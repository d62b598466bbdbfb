package io.nslab.sys;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code inside namespaces without ever leaving a shared thread in a foreign one.
 *
 * <p>Namespaces are per thread, and threads started from a thread inherit its namespaces. So
 * each call gets a fresh platform thread (never a pool thread, never a virtual thread) that
 * joins the given namespaces, runs the task and dies. Sockets opened by the task stay in the
 * namespace they were created in and may be used from any thread afterwards.
 */
public final class InNamespace {
    /** A namespace file (e.g. {@code /run/netns/lab} or {@code /proc/PID/ns/uts}) and its CLONE_NEW* type. */
    public record Target(String path, int type) {
        public static Target net(String path) { return new Target(path, Sys.CLONE_NEWNET); }
    }

    private InNamespace() {}

    /** Runs {@code task} on a fresh thread inside the network namespace at {@code netnsPath}. */
    public static <T> T call(String netnsPath, Callable<T> task) {
        return call(List.of(Target.net(netnsPath)), task);
    }

    /**
     * Runs {@code task} on a fresh thread that has joined every target, in order. A mount
     * namespace target makes the thread unshare its filesystem attributes first
     * (CLONE_FS), which setns requires of a thread of a multithreaded process.
     */
    public static <T> T call(List<Target> targets, Callable<T> task) {
        return onFreshThread(() -> enter(targets), task);
    }

    /**
     * Runs {@code task} on a fresh platform thread that first does {@code prepare} (say,
     * unshare or setns by fd) and then dies with whatever namespaces it ended up in.
     */
    public static <T> T onFreshThread(Runnable prepare, Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(() -> {
            prepare.run();
            return task.call();
        });
        Thread thread = new Thread(future, "nslab-ns");
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while in a namespace", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /**
     * Joins the targets on the calling thread. Only for threads that are about to die or that
     * belong to one namespace for their whole life (a node's server thread, say).
     */
    public static void enter(List<Target> targets) {
        for (Target target : targets) {
            if (target.type() == Sys.CLONE_NEWNS) Sys.unshare(Sys.CLONE_FS);
            int fd = Sys.open(target.path(), Sys.O_RDONLY);
            try {
                Sys.setns(fd, target.type(), target.path());
            } finally {
                Sys.close(fd);
            }
        }
    }
}
