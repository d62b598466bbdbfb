package io.nslab.cli.services;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import io.nslab.cli.impair.DelayLines;
import io.nslab.cli.state.StateDir;
import io.nslab.core.InitBinary;
import io.nslab.core.ProcessStamp;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The main of a lab's supervisor: a detached JVM that serves the lab's built-in services and
 * runs its delay lines ({@link DelayLines}).
 *
 * <p>{@code SupervisorMain SPEC_FILE LOG_FILE}: reads the spec file (see {@link ServiceBindings}),
 * binds every service inside its node, then writes one line on stdout, {@code ready N} or
 * {@code error: WHY}, and from then on writes only to the log file. It serves until SIGTERM,
 * then closes every socket and exits 0. SIGHUP and SIGINT are ignored: the supervisor
 * outlives the terminal and the {@code nslab up} that started it.
 */
public final class SupervisorMain {
    public static final String READY = "ready";
    public static final String ERROR = "error: ";

    private SupervisorMain() {}

    /**
     * In a rootless lab, the supervisor ends with the user's holder, as the nodes' inits do
     * (init_holder.c): killed, the holder took the lab's namespaces' pins, and nothing could
     * reach or stop this process any more.
     */
    private static void endWithHolder(CountDownLatch terminate, ServiceLog log) {
        String holder = System.getenv(InitBinary.HOLDER_ENV);
        if (holder == null || holder.isBlank()) return;
        ProcessStamp stamp = ProcessStamp.parse(holder);
        // Checked by its start time after the handle is taken: a pid reused since the holder
        // ended would keep the services of a lab whose namespaces are gone.
        Optional<ProcessHandle> handle = ProcessHandle.of(stamp.pid()).filter(h -> stamp.alive());
        handle.ifPresentOrElse(h -> h.onExit().thenRun(() -> {
            log.info("the holder of the user's labs (pid " + stamp.pid() + ") is gone: stopping");
            terminate.countDown();
        }), terminate::countDown);
    }

    public static void main(String[] args) {
        PrintStream parent = System.out;
        if (args.length != 2) {
            parent.println(ERROR + "usage: SupervisorMain SPEC_FILE LOG_FILE");
            System.exit(2);
        }
        PrintStream logStream;
        try {
            logStream = new PrintStream(new FileOutputStream(args[1], true), true);
        } catch (IOException e) {
            parent.println(ERROR + "cannot open the log " + args[1] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        // From here on nothing is written to the parent's stdout but the one readiness line.
        System.setOut(logStream);
        System.setErr(logStream);
        ServiceLog log = ServiceLog.to(logStream);

        CountDownLatch terminate = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> terminate.countDown());
        Signal.handle(new Signal("HUP"), SignalHandler.SIG_IGN);
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        endWithHolder(terminate, log);

        ServiceHost host;
        DelayLines delayLines;
        try {
            List<ServiceBinding> specs = ServiceBindings.read(Path.of(args[0]));
            log.info("supervisor " + ProcessHandle.current().pid() + " starting " + specs.size() + " services");
            host = ServiceHost.start(specs, 1, log);
            // The lab's delay lines (impairments where the kernel has no netem), from the impair file beside the spec.
            delayLines = new DelayLines(Path.of(args[0]).toAbsolutePath().resolveSibling(StateDir.IMPAIR), log::info);
        } catch (IOException | RuntimeException e) {
            String message = e instanceof IOException ? "cannot read " + args[0] + ": " + e.getMessage() : e.getMessage();
            log.info("failed: " + message);
            parent.println(ERROR + message);
            parent.flush();
            System.exit(1);
            return;
        }
        parent.println(READY + " " + host.bound().size());
        parent.flush();

        // stdout stays open (closing it would free fd 1 for the next socket); once the parent
        // has gone a stray write there fails with EPIPE, which the JVM ignores.
        log.info("ready: " + host.bound().size() + " services");

        try {
            terminate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("SIGTERM: closing every service and delay line");
        delayLines.close();
        host.close();
        log.info("stopped");
        System.exit(0);
    }
}
