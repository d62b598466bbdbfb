package io.nslab.cli.probe;

import java.time.Duration;

/**
 * What one probe found: whether it passed, how long it took, and a short detail: on success
 * what was seen (e.g. {@code "reply from 10.0.0.2"}, {@code "status 200"}), on failure why
 * (e.g. {@code "timeout after 2000 ms"}, {@code "connection refused"}, {@code "status 404"}).
 * An http probe that got a response also carries it.
 */
public record ProbeResult(boolean ok, Duration elapsed, String detail, HttpReply http) {
    /** An HTTP response: its status and body (as text, UTF-8). */
    public record HttpReply(int status, String body) {}

    public static ProbeResult ok(Duration elapsed, String detail) {
        return new ProbeResult(true, elapsed, detail, null);
    }

    public static ProbeResult fail(Duration elapsed, String reason) {
        return new ProbeResult(false, elapsed, reason, null);
    }

    public static ProbeResult timeout(Duration timeout) {
        return fail(timeout, "timeout after " + timeout.toMillis() + " ms");
    }

    @Override
    public String toString() {
        return (ok ? "ok" : "FAIL") + " in " + elapsed.toMillis() + " ms: " + detail;
    }
}
