package io.nslab.cli.probe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;

/**
 * The one result of a probe made over a Netty channel: the first of success, failure or the
 * deadline wins, and the channel is closed then.
 */
final class Outcome {
    private final CompletableFuture<ProbeResult> future = new CompletableFuture<>();
    private final long start = System.nanoTime();
    private final Duration timeout;
    private volatile Channel channel;
    private volatile boolean timedOut;

    Outcome(Duration timeout) {
        this.timeout = timeout;
    }

    /** Binds the outcome to its channel: closes it when done, and fails the probe at its deadline. */
    void watch(Channel channel, EventLoopGroup group) {
        this.channel = channel;
        // On the group, not the channel's loop: a channel that failed to register has none.
        group.schedule(() -> {
            timedOut = !future.isDone();
            complete(ProbeResult.timeout(timeout));
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (future.isDone()) channel.close();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Whether it ended at its deadline, with no answer (not refused, not a wrong answer). */
    boolean timedOut() {
        return timedOut;
    }

    long timeoutMs() {
        return timeout.toMillis();
    }

    void ok(String detail) {
        complete(ProbeResult.ok(elapsed(), detail));
    }

    void fail(String reason) {
        complete(ProbeResult.fail(elapsed(), reason));
    }

    void fail(Throwable cause) {
        // Netty's connect timeout is set to the same deadline, and may fire first: no answer either way.
        if (cause instanceof ConnectTimeoutException && !future.isDone()) timedOut = true;
        fail(Reasons.of(cause, timeout.toMillis()));
    }

    void complete(ProbeResult result) {
        if (future.complete(result)) {
            Channel c = channel;
            if (c != null) c.close();
        }
    }

    CompletableFuture<ProbeResult> future() {
        return future;
    }
}
