package io.nslab.core;

import java.util.Optional;

/**
 * The one way nslab signals a process it remembers: through a pidfd, and only after checking,
 * while the pidfd holds the process, that its start time is the remembered one. A pidfd names
 * one process for good, so a PID reused between the check and the signal (the race of
 * kill(2) by number) can no longer be hit: the signal goes to the checked process or nowhere.
 */
public final class Signals {
    private Signals() {}

    /** Sends {@code signal} to this very process; false when it is gone (or its PID is another's now). */
    public static boolean send(ProcessStamp process, int signal) {
        Optional<Pidfd> opened = Pidfd.open(process.pid());
        if (opened.isEmpty()) return false;
        try (Pidfd pidfd = opened.get()) {
            return process.alive() && !pidfd.exited() && pidfd.signal(signal);
        }
    }
}
