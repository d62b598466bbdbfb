package io.nslab.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nslab.sys.Sys;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A node's life: start its init, ask whether it lives, stop it, look at its namespaces, run
 * a command inside it. The init ({@code nslab-init}) does the namespace work, started by
 * {@link NodeSpawner}; this side waits for its one line of "ready" or error. No sleeping
 * and no polling: pipes and pidfds wake us up.
 */
public final class Nodes {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private Nodes() {}

    /**
     * Starts a node and returns its init (the PID 1 of its PID namespace, as the machine
     * sees it) once it reported ready; it outlives this JVM. Throws a {@link NodeException}
     * with the init's own error text when it could not start the node. To start many nodes,
     * a {@link NodeSpawner} saves a process per node.
     */
    public static ProcessStamp start(NodeSpec spec) {
        try (NodeSpawner spawner = NodeSpawner.open()) {
            return spawner.start(spec);
        }
    }

    /** Whether the node's init still runs (the same process: same pid and start time). */
    public static boolean alive(ProcessStamp init) {
        return init.alive();
    }

    /**
     * Stops a node: SIGTERM to its init (which passes it on and ends the node), SIGKILL after
     * {@code grace}. Returns once the init has exited. Tolerates a node already gone and
     * never signals a process that merely reuses the init's pid.
     */
    public static void stop(ProcessStamp init, Duration grace) {
        stopAll(List.of(init), grace);
    }

    /**
     * Stops many nodes at once, as {@link #stop} does one: SIGTERM to every init first, then
     * one wait for all of them, so a hundred nodes end in about the time of the slowest one
     * rather than the sum of all. Returns once every init has exited.
     */
    public static void stopAll(List<ProcessStamp> inits, Duration grace) {
        Map<Pidfd, ProcessStamp> running = new LinkedHashMap<>();
        try {
            for (ProcessStamp init : inits) {
                Optional<Pidfd> opened = Pidfd.open(init.pid());
                if (opened.isEmpty()) continue;
                Pidfd pidfd = opened.get();
                // The pidfd names whatever process has the pid now; it is the node's init only if
                // the start time matches, checked while the pidfd holds it (not exited yet).
                if (!alive(init) || pidfd.exited() || !pidfd.signal(Sys.SIGTERM)) {
                    pidfd.close();
                    continue;
                }
                running.put(pidfd, init);
            }
            List<Pidfd> left = Pidfd.awaitAllExit(List.copyOf(running.keySet()), grace);
            if (left.isEmpty()) return;
            // Without a PID namespace, the kernel does not end the node's processes with its
            // init: find them now, before the init's death re-parents them away.
            Map<Integer, List<ProcStat>> children = processTree();
            for (Pidfd pidfd : left) {
                List<ProcStat> rest = descendants(children, running.get(pidfd).pid());
                pidfd.signal(Sys.SIGKILL);
                killAll(rest);
            }
            List<Pidfd> stuck = Pidfd.awaitAllExit(left, KILL_WAIT);
            if (!stuck.isEmpty()) {
                throw new NodeException("the node's init (pid " + running.get(stuck.get(0)).pid() + ") did not end after SIGKILL");
            }
        } finally {
            running.keySet().forEach(Pidfd::close);
        }
    }

    private static void killAll(List<ProcStat> processes) {
        for (ProcStat process : processes) {
            Pidfd.open(process.pid()).ifPresent(pidfd -> {
                try (pidfd) {
                    if (ProcStat.read(process.pid()).map(s -> s.startTime() == process.startTime()).orElse(false)) pidfd.signal(Sys.SIGKILL);
                }
            });
        }
    }

    /** The processes below {@code pid} in the machine's process tree. */
    static List<ProcStat> descendants(int pid) {
        return descendants(processTree(), pid);
    }

    /** Every process of the machine by its parent's pid. */
    private static Map<Integer, List<ProcStat>> processTree() {
        Map<Integer, List<ProcStat>> children = new HashMap<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> ProcStat.read(Integer.parseInt(n))
                            .ifPresent(s -> children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s)));
        } catch (IOException e) {
            throw new NodeException("list /proc: " + e.getMessage(), e);
        }
        return children;
    }

    private static List<ProcStat> descendants(Map<Integer, List<ProcStat>> children, int pid) {
        List<ProcStat> found = new ArrayList<>();
        List<Integer> queue = new ArrayList<>(List.of(pid));
        while (!queue.isEmpty()) {
            for (ProcStat child : children.getOrDefault(queue.remove(queue.size() - 1), List.of())) {
                found.add(child);
                queue.add(child.pid());
            }
        }
        return found;
    }

    /** The namespaces of process {@code pid}, in {@link NsKind} order, as {@code ls -l /proc/PID/ns} shows them. */
    public static List<NsRef> namespaces(int pid) {
        List<NsRef> refs = new ArrayList<>();
        for (NsKind kind : NsKind.values()) refs.add(NsRef.ofProcess(pid, kind));
        return refs;
    }

    /**
     * Runs {@code cmd} inside the node with this process's stdin, stdout and stderr, and
     * returns its exit code (128 + signal when it was killed). While it runs, this JVM stays
     * out of the way: a Ctrl-C on the terminal is the command's business (the JVM ignores
     * it), and SIGTERM or SIGHUP sent to the JVM is passed on.
     */
    public static int exec(ProcessStamp init, List<String> cmd, Map<String, String> env, boolean interactive, boolean tty) {
        return exec(init, cmd, env, interactive, tty, List.of());
    }

    /** As above, in the node's cgroup ({@code cgroup}: its directories, one per hierarchy). */
    public static int exec(ProcessStamp init, List<String> cmd, Map<String, String> env, boolean interactive, boolean tty,
                           List<Path> cgroup) {
        return exec(init, cmd, env, interactive, tty, cgroup, false);
    }

    /** As above; {@code privileged}: with every capability, not the node's (see {@link InitBinary#execCommand}). */
    public static int exec(ProcessStamp init, List<String> cmd, Map<String, String> env, boolean interactive, boolean tty,
                           List<Path> cgroup, boolean privileged) {
        return exec(init, cmd, env, interactive, tty, cgroup, privileged, ExecAs.NODE_ROOT);
    }

    /** As above, as the user and in the directory {@code as} says (docker exec -u, -w). */
    public static int exec(ProcessStamp init, List<String> cmd, Map<String, String> env, boolean interactive, boolean tty,
                           List<Path> cgroup, boolean privileged, ExecAs as) {
        if (!alive(init)) throw new NodeException("the node is not running (its init, pid " + init.pid() + ", has exited)");
        ProcessBuilder builder = new ProcessBuilder(InitBinary.execCommand(init, cmd, env, interactive, tty, cgroup, privileged, as)).inheritIO();
        Process helper;
        try {
            helper = builder.start();
        } catch (IOException e) {
            throw new NodeException("cannot run nslab-init: " + e.getMessage(), e);
        }
        Map<Signal, SignalHandler> previous = new HashMap<>();
        previous.put(new Signal("INT"), Signal.handle(new Signal("INT"), signal -> { }));
        for (String name : List.of("TERM", "HUP")) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, s -> signalHelper(helper, s.getNumber())));
        }
        try {
            return helper.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            helper.destroy();
            throw new NodeException("interrupted while running " + cmd.get(0) + " in the node", e);
        } finally {
            previous.forEach(Signal::handle);
        }
    }

    private static void signalHelper(Process helper, int signal) {
        if (helper.isAlive()) io.nslab.sys.Sys.C.kill((int) helper.pid(), signal);
    }
}
