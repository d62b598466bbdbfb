package io.nslab.cli.outcome;

/** nslab's exit codes: the same meaning for every command, so scripts can rely on them. */
public final class ExitCode {
    /** Everything worked (and every check passed). */
    public static final int OK = 0;
    /** A check failed (check, test, pingall). */
    public static final int CHECK_FAILED = 1;
    /** Bad input: usage, a lab file, an unknown lab or node, a lab already up. */
    public static final int BAD_INPUT = 2;
    /** The system refused: not root, a kernel feature missing, a kernel error. */
    public static final int SYSTEM = 3;

    private ExitCode() {}
}
