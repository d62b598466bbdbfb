package io.nslab.cli.up;

import io.nslab.cli.kernel.Cancellation;

import java.util.function.BooleanSupplier;

/**
 * TEST SEAM, with no implementation in nslab itself: the points of {@code up} at which the
 * reliability tests make it fail, die or wait, to prove that rollback and {@code down} leave
 * nothing from any point of a build. Nothing in the release jar installs a hook, and nothing
 * reads the environment for one: a test installs it in its own JVM, or in nslab's through a
 * Java agent of the test build (docs/guarantees.md). The kernel's side has its own seam, at
 * each netlink send ({@code io.nslab.netlink.socket.SendSeam}). Uninstalled, a point costs
 * one volatile read.
 */
public final class FaultSeam {
    public enum Point {
        /** Before step K, every step before it done (K = steps + 1: all is up, {@code up} has not returned). */
        BEFORE_STEP,
        /** Step K is journaled and about to run: a throw here is step K failing. */
        JOURNALED,
        /** Step K's node init has started and reported ready, and is not journaled yet. */
        NODE_STARTED
    }

    /** What a test does at a point: return (go on), throw (the step fails), kill the process, or wait. */
    public interface Hook {
        /** {@code cancelled} says whether {@code up} was asked to stop (SIGINT, SIGTERM), for a hook that waits. */
        void at(Point point, int step, BooleanSupplier cancelled);
    }

    private static volatile Hook hook;

    private FaultSeam() {}

    public static void install(Hook h) {
        hook = h;
    }

    static void at(Point point, int step, Cancellation cancel) {
        Hook h = hook;
        if (h != null) h.at(point, step, cancel::cancelled);
    }
}
