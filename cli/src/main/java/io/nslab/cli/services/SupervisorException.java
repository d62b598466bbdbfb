package io.nslab.cli.services;

/** The supervisor could not be started or stopped; the message is one line for the user. */
public final class SupervisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SupervisorException(String message) {
        super(message);
    }

    public SupervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
