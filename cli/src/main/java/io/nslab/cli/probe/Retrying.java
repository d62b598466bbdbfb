package io.nslab.cli.probe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A tcp, udp or http probe made again until it passes or its timeout ends: a lab's checks run
 * right after {@code up}, while a routing daemon has not yet added its routes or a node's
 * {@code run} has not yet started its server, and a check must wait for the lab to converge
 * rather than fail on the first refused connection.
 *
 * <p>An attempt that fails early (refused, unreachable, a wrong answer) is made again after
 * {@link #PAUSE}. An attempt that gets no answer at all is given up after a window, first
 * {@link #FIRST_WINDOW}, doubled each time (a link with a long delay still gets an attempt long
 * enough for it), and the next starts at once. Without {@code retry} the one attempt has the
 * whole timeout, as before retrying existed.
 */
final class Retrying {
    /** Between an attempt that failed early and the next: a server that is not up yet is asked five times a second. */
    static final Duration PAUSE = Duration.ofMillis(200);
    /**
     * The first attempt's window when nothing answers: the kernel resends a SYN after 1 s (its
     * initial RTO), so a shorter window would only replace its resend by ours.
     */
    static final Duration FIRST_WINDOW = Duration.ofSeconds(1);

    /** Starts one attempt of at most the given time; the caller runs it inside the probe's network namespace. */
    @FunctionalInterface
    interface Attempt {
        Outcome start(Duration timeout);
    }

    /** Runs one task after a delay (the prober's timer thread; a test's own). */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, long delayNanos);
    }

    private final Probe probe;
    private final Attempt attempt;
    private final Timer timer;
    private final long start = System.nanoTime();
    private final long deadline;
    private final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private Duration window = FIRST_WINDOW;
    private int attempts;
    /** The reason the last attempt that got an answer failed (null: none did), for the final report. */
    private String answered;

    private Retrying(Probe probe, Attempt attempt, Timer timer) {
        this.probe = probe;
        this.attempt = attempt;
        this.timer = timer;
        this.deadline = start + probe.timeout().toNanos();
    }

    /** A probe whose further attempts {@code again} starts (entering the probe's namespace), each when {@code timer} says. */
    static Retrying of(Probe probe, Attempt again, Timer timer) {
        return new Retrying(probe, again, timer);
    }

    /**
     * Starts the first attempt with {@code first} on the calling thread (which must be in the
     * probe's namespace: several probes of one namespace start together there). The future
     * completes with the first attempt that passes, or with the last failure at the timeout.
     */
    CompletableFuture<ProbeResult> begin(Attempt first) {
        follow(first.start(nextTimeout()));
        return result;
    }

    /** A timer over a scheduled executor (the prober's one thread for retries). */
    static Timer on(ScheduledExecutorService executor) {
        return (task, delayNanos) -> executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    private Duration nextTimeout() {
        if (!probe.retry()) return probe.timeout();
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        Duration next = window.compareTo(left) < 0 ? window : left;
        window = window.multipliedBy(2);
        return next;
    }

    private void follow(Outcome outcome) {
        attempts++;
        outcome.future().whenComplete((r, e) -> after(outcome, r != null ? r : ProbeResult.fail(outcome.elapsed(), String.valueOf(e))));
    }

    private void after(Outcome outcome, ProbeResult r) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (r.ok()) {
            result.complete(new ProbeResult(true, elapsed, r.detail() + (attempts > 1 ? " (attempt " + attempts + ")" : ""), r.http()));
            return;
        }
        if (!probe.retry()) {
            result.complete(r);
            return;
        }
        if (!outcome.timedOut()) answered = r.detail();
        long pause = outcome.timedOut() ? 0 : PAUSE.toNanos();
        if (System.nanoTime() + pause >= deadline) {
            result.complete(failure(r, outcome.timedOut()));
            return;
        }
        timer.schedule(() -> {
            try {
                follow(attempt.start(nextTimeout()));
            } catch (RuntimeException e) {
                result.complete(ProbeResult.fail(Duration.ofNanos(System.nanoTime() - start), String.valueOf(e.getMessage())));
            }
        }, pause);
    }

    /** The last reason a student can act on: what the last answer said, or that nothing answered. */
    private ProbeResult failure(ProbeResult last, boolean timedOut) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long ms = probe.timeout().toMillis();
        if (timedOut && answered == null) return ProbeResult.timeout(probe.timeout());
        String why = timedOut ? answered + ", then no answer" : last.detail();
        // Not the number of attempts: it varies from run to run, and a lesson shows this line.
        return new ProbeResult(false, elapsed, why + (attempts == 1 ? "" : " (retried for " + ms + " ms)"), last.http());
    }
}
