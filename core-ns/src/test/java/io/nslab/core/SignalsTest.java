package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.nslab.sys.Sys;

/**
 * A reused PID is never signalled: a stamp with the PID of a live process but another start
 * time (what a stamp of a process that ended looks like once its PID is given to another)
 * sends nothing; the true stamp does.
 */
class SignalsTest {
    @Test
    void aForgedReusedPidIsNeverSignalled() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessStamp real = ProcessStamp.of((int) stranger.pid()).orElseThrow();
            ProcessStamp reused = new ProcessStamp(real.pid(), real.startTime() - 1);
            assertFalse(Signals.send(reused, Sys.SIGKILL), "a reused PID was signalled");
            assertFalse(stranger.waitFor(300, TimeUnit.MILLISECONDS), "the stranger was killed");
            Nodes.stopAll(java.util.List.of(reused), java.time.Duration.ofMillis(100));
            assertTrue(stranger.isAlive(), "stopAll killed the stranger");
            assertTrue(Signals.send(real, Sys.SIGKILL), "its own stamp signals it");
            assertTrue(stranger.waitFor(10, TimeUnit.SECONDS));
            assertFalse(Signals.send(real, Sys.SIGKILL), "an ended process is not signalled");
        } finally {
            stranger.destroyForcibly();
        }
    }
}
