package io.nslab.cli.services;

/** A service could not be started: names the service and says why, in one line. */
public final class ServiceBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceBindException(ServiceBinding spec, String reason, Throwable cause) {
        super("service " + spec.describe() + " in " + spec.netnsPath() + ": " + reason, cause);
    }
}
