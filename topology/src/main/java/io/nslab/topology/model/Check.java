package io.nslab.topology.model;

import java.util.List;

/**
 * What must hold once the lab is up: one probe ({@code ping}, {@code tcp}, {@code udp},
 * {@code http} or {@code exec}) with its target as written, made from a node or {@code host}.
 * For {@code exec} the target is the command as written (for reports) and {@code argv} what
 * runs inside the node (a string in the file becomes {@code /bin/sh -c STRING}); the network
 * probes have an empty argv. {@code hint} (may be null) is what to tell a student when the
 * check fails: an exercise's nudge towards what is missing. {@code family} (4 or 6) is the
 * address a node's name stands for. {@code retry} (the file's default, true): the probe is made
 * again until it passes or {@code timeoutMs} ends; false: one attempt.
 */
public record Check(String from, String probe, String target, List<String> argv, Expect expect, int timeoutMs, String hint,
                    int family, boolean retry) {
    public static final List<String> PROBES = List.of("ping", "tcp", "udp", "http", "exec");
    public static final String EXEC = "exec";
    public static final int DEFAULT_TIMEOUT_MS = 2000;

    public Check {
        argv = argv == null ? List.of() : List.copyOf(argv);
    }

    /** A check that retries, as the file's default. */
    public Check(String from, String probe, String target, List<String> argv, Expect expect, int timeoutMs, String hint, int family) {
        this(from, probe, target, argv, expect, timeoutMs, hint, family, true);
    }

    /** A check without a hint that resolves names to their IPv4 addresses. */
    public Check(String from, String probe, String target, List<String> argv, Expect expect, int timeoutMs) {
        this(from, probe, target, argv, expect, timeoutMs, null, 4);
    }

    /** A network probe (no argv). */
    public Check(String from, String probe, String target, Expect expect, int timeoutMs) {
        this(from, probe, target, List.of(), expect, timeoutMs, null, 4);
    }

    public boolean isExec() { return EXEC.equals(probe); }

    @Override
    public String toString() {
        return "from " + from + " " + probe + " " + target + (expect.fail() ? " (expect fail)" : "");
    }
}
