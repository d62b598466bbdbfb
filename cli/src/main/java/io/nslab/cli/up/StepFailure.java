package io.nslab.cli.up;

/** A step of a Plan failed for a reason of nslab's own (not a kernel error): the message is for the user. */
public final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int step;

    public StepFailure(int step, String message) {
        super(message);
        this.step = step;
    }

    public StepFailure(int step, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
    }

    public int step() { return step; }
}
