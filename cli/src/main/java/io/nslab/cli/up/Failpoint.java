package io.nslab.cli.up;

import io.nslab.sys.Sys;

/**
 * TEST ONLY: makes {@code up} fail or die at a chosen step, so tests can prove that rollback
 * and {@code down} leave nothing behind from any point of a build. Set by the environment
 * variable {@code NSLAB_FAILPOINT} (or the system property {@code nslab.failpoint}, for tests
 * that run nslab in-process):
 * <ul>
 *   <li>{@code fail:K}: step K (1-based, the Plan's order) is journaled and then throws instead of running;</li>
 *   <li>{@code kill:K}: the process SIGKILLs itself just before step K, with steps 1..K-1 done
 *       ({@code K} = the number of steps + 1: with everything up, before {@code up} returns).</li>
 * </ul>
 *   <li>{@code stall:K}: waits before step K (up to a minute) until up is interrupted, so a
 *       test can send SIGINT or SIGTERM at a known point.</li>
 * </ul>
 * No user needs it; nothing else reads it.
 */
public record Failpoint(Kind kind, int step) {
    public enum Kind { NONE, FAIL, KILL, STALL }

    public static final Failpoint NONE = new Failpoint(Kind.NONE, 0);

    public static Failpoint fromEnvironment() {
        String spec = System.getProperty("nslab.failpoint", System.getenv("NSLAB_FAILPOINT"));
        return spec == null || spec.isBlank() ? NONE : parse(spec);
    }

    public static Failpoint parse(String spec) {
        String[] parts = spec.trim().split(":");
        if (parts.length == 2 && parts[1].matches("[0-9]{1,6}")) {
            int k = Integer.parseInt(parts[1]);
            if (parts[0].equals("fail")) return new Failpoint(Kind.FAIL, k);
            if (parts[0].equals("kill")) return new Failpoint(Kind.KILL, k);
            if (parts[0].equals("stall")) return new Failpoint(Kind.STALL, k);
        }
        throw new IllegalArgumentException("NSLAB_FAILPOINT must be fail:K, kill:K or stall:K, not \"" + spec + "\"");
    }

    /** Called before step {@code k} runs, once what precedes it is done: SIGKILL now, for kill:K. */
    void beforeStep(int k, Cancellation cancel) {
        if (kind == Kind.KILL && k == step) {
            Sys.C.kill(Sys.C.getpid(), 9);
            // SIGKILL cannot be caught; this line is never reached.
        }
        if (kind == Kind.STALL && k == step) {
            System.err.println("nslab: stalled before step " + k + " (NSLAB_FAILPOINT, test only)");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!cancel.cancelled() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Called after step {@code k} is journaled: throw now, for fail:K. */
    void atStep(int k) {
        if (kind == Kind.FAIL && k == step) throw new StepFailure(k, "failpoint fail:" + k + " (NSLAB_FAILPOINT, test only)");
    }
}
