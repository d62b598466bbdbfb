package io.nslab.cli.probe;

/**
 * How many of a run's pings {@link Pinger} may have out at once. Pings are offered in the
 * order given, each once it is next; the window hears of every admitted ping's result, and
 * when the pinger is about to wait it may do deferred work that makes room (one batched
 * netlink send rather than one per result).
 */
public interface PingWindow {
    /** No limit: every ping is sent at once. */
    PingWindow UNLIMITED = new PingWindow() {
        @Override public boolean admit(int ping) { return true; }
        @Override public void finished(int ping) {}
    };

    /** Whether ping (its index in the run) may be sent now; once admitted it is sent. */
    boolean admit(int ping);

    /** A ping has its result (one whose socket could not be opened has it without being admitted). */
    void finished(int ping);

    /**
     * The pinger has sent what it may and is about to wait. Returns whether room was made
     * (then it tries to send again first). When nothing is in flight it must make room, or
     * the run could not go on.
     */
    default boolean beforeWait() { return false; }
}
