package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retry loop of tcp, udp and http probes, with attempts that answer at once (no network):
 * how often an attempt is made, and what the probe reports. The kernel side, a check that
 * passes only because it retried, is RetryingCheckTest's.
 */
class RetryingTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    static Probe.Tcp tcp(Duration timeout, boolean retry) throws Exception {
        return new Probe.Tcp("/run/netns/x", new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 80), timeout, retry);
    }

    /** Attempts that are refused until the {@code passing}-th, which connects. */
    static Retrying.Attempt refusedUntil(int passing, AtomicInteger made) {
        return timeout -> {
            Outcome o = new Outcome(timeout);
            if (made.incrementAndGet() < passing) o.fail("connection refused");
            else o.ok("connected to 10.0.0.2:80");
            return o;
        };
    }

    private ProbeResult run(Probe probe, Retrying.Attempt attempt) throws Exception {
        return Retrying.of(probe, attempt, Retrying.on(timer)).begin(attempt).get(probe.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
    }

    @Test
    void aProbeThatFailsTwiceThenPassesPasses() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ProbeResult r = run(tcp(Duration.ofSeconds(5), true), refusedUntil(3, made));
        assertTrue(r.ok(), r::toString);
        assertEquals(3, made.get());
        assertEquals("connected to 10.0.0.2:80 (attempt 3)", r.detail());
        // Two pauses before it: the time counts from the first attempt.
        assertTrue(r.elapsed().compareTo(Retrying.PAUSE.multipliedBy(2)) >= 0, r::toString);
    }

    @Test
    void aProbeThatNeverPassesTriesUntilItsTimeoutAndSaysWhy() throws Exception {
        AtomicInteger made = new AtomicInteger();
        long start = System.nanoTime();
        ProbeResult r = run(tcp(Duration.ofMillis(1000), true), refusedUntil(Integer.MAX_VALUE, made));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.ok());
        // One at once, then one every PAUSE (200 ms) while another fits in the second.
        assertTrue(made.get() >= 4 && made.get() <= 6, "attempts: " + made.get());
        assertTrue(ms >= 800 && ms < 1500, ms + " ms");
        assertEquals("connection refused (retried for 1000 ms)", r.detail());
    }

    @Test
    void retryFalseIsOneAttempt() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ProbeResult r = run(tcp(Duration.ofSeconds(5), false), refusedUntil(2, made));
        assertFalse(r.ok());
        assertEquals(1, made.get());
        assertEquals("connection refused", r.detail(), "as a probe said before retrying existed");
    }

    @Test
    void theFirstAttemptHasAWindowNotTheWholeTimeout() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Duration[] asked = new Duration[2];
        Retrying.Attempt attempt = timeout -> {
            int n = made.incrementAndGet();
            if (n <= 2) asked[n - 1] = timeout;
            Outcome o = new Outcome(timeout);
            o.ok("connected");
            return o;
        };
        run(tcp(Duration.ofSeconds(30), true), attempt);
        assertEquals(Retrying.FIRST_WINDOW, asked[0]);
        run(tcp(Duration.ofSeconds(30), false), attempt);
        assertEquals(Duration.ofSeconds(30), asked[1], "one attempt has it all");
    }
}
