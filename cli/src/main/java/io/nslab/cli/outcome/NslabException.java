package io.nslab.cli.outcome;

/**
 * An error meant for the user: its message is printed as is (one line per problem, no
 * stack trace) and nslab exits with its code.
 */
public class NslabException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public NslabException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public NslabException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }

    public static NslabException badInput(String message) { return new NslabException(ExitCode.BAD_INPUT, message); }

    public static NslabException system(String message) { return new NslabException(ExitCode.SYSTEM, message); }
}
