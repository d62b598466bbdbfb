package io.nslab.cli.kernel;

/**
 * A request, from a signal handler, that a running {@code up} stop at the next step and roll
 * back. Steps are short; the one in flight finishes first, so the journal stays true.
 */
public final class Cancellation {
    /** Thrown between steps once cancelled. */
    public static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Cancelled() {
            super("interrupted");
        }
    }

    private volatile boolean cancelled;

    public void cancel() { cancelled = true; }

    public boolean cancelled() { return cancelled; }

    public void check() {
        if (cancelled) throw new Cancelled();
    }
}
