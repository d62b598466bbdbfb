package io.nslab.cli.undo;

import io.nslab.cli.state.JournalEntry;

import io.nslab.core.Processes;
import io.nslab.sys.NsFiles;
import io.nslab.cli.kernel.KernelHandles;
import io.nslab.cli.print.Counted;
import io.nslab.cli.node.NodeRunner;
import io.nslab.cli.print.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nslab.core.ProcessStamp;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Teardown;

/**
 * Undoes what a journal says was (or may have been) done, latest first, tolerating objects
 * that are already gone: the one way both {@code down} and a failed {@code up} clean up.
 *
 * <p>Order: the journaled processes first (the supervisor, then every node init), since a
 * process or socket in a namespace keeps it alive; then the {@link Teardown} of the journaled
 * inverses (the one undo model, which explain shows), each run by {@link UndoApplier}; last,
 * whatever else still lives in the lab's namespaces (what a crashed or killed {@code up}
 * started but never journaled). Every failure is collected and the undo goes on; the caller
 * reports them.
 */
public final class Undo {
    private static final Duration CAPTURE_GRACE = Duration.ofSeconds(3);
    private final List<JournalEntry> entries;
    private final NodeRunner nodes;
    private final List<String> problems = new ArrayList<>();
    private final Progress progress;
    private final String lab;

    public Undo(List<JournalEntry> entries, NodeRunner nodes) {
        this(entries, nodes, Progress.none(), "");
    }

    /** An undo that shows how far it is on {@code progress}, as {@code down LAB}. */
    public Undo(List<JournalEntry> entries, NodeRunner nodes, Progress progress, String lab) {
        this.entries = List.copyOf(entries);
        this.nodes = nodes;
        this.progress = progress;
        this.lab = lab;
    }

    /** Undoes everything; returns what could not be undone (empty: all is gone). */
    public List<String> run() {
        Set<Integer> absent = new HashSet<>();
        Map<Integer, Step> done = new LinkedHashMap<>();
        Map<Integer, String> old = new HashMap<>();
        List<ProcessStamp> inits = new ArrayList<>();
        ProcessStamp supervisor = null;
        List<ProcessStamp> captures = new ArrayList<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.Absent a) absent.add(a.step());
            if (e instanceof JournalEntry.Done u) {
                done.put(u.step(), u.inverse());
                old.put(u.step(), u.old());
            }
            if (e instanceof JournalEntry.Started p) {
                if (p.what().equals(JournalEntry.SUPERVISOR)) supervisor = p.process();
                else if (p.what().equals(JournalEntry.CAPTURE)) captures.add(p.process());
                else inits.add(p.process());
            }
        }
        done.keySet().removeAll(absent);
        Teardown teardown = Teardown.of(done);
        showProgress(teardown, supervisor != null, inits.size());

        stopCaptures(captures);
        stopProcesses(supervisor, inits);
        progress.advance(Counted.SERVICES);
        progress.advance(Counted.NODES, inits.size());
        Set<Long> inodes = new HashSet<>(); // taken while the namespaces still have their names
        for (String ns : teardown.namespaces()) {
            Long inode = NsFiles.inodeOrNull(Path.of(NetnsName.path(ns)));
            if (inode != null) inodes.add(inode);
        }
        try (KernelHandles kernel = new KernelHandles()) {
            UndoApplier applier = new UndoApplier(kernel);
            for (Teardown.Undoing u : teardown.undoings()) {
                if (u.withItsNamespace()) continue; // processes were stopped first, from their journaled stamps
                try {
                    applier.apply(u.inverse(), old.get(u.step()));
                } catch (RuntimeException ex) {
                    problems.add(describe(u.inverse()) + ": " + ex.getMessage());
                }
                progress.advance(Counted.of(u.inverse()));
            }
        }
        stopStrays(inodes);
        return problems;
    }

    /** The line's totals: the processes journaled, the namespaces and links deleted one by one (not those that go with their namespace). */
    private void showProgress(Teardown teardown, boolean services, int inits) {
        Map<String, Integer> totals = Counted.totals(teardown.undoings().stream()
                .filter(u -> !u.withItsNamespace()).map(Teardown.Undoing::inverse).toList());
        totals.put(Counted.NODES, inits);
        totals.put(Counted.SERVICES, services ? 1 : 0);
        progress.start("down " + lab, totals);
    }

    /**
     * Running captures first: a capture holds packet sockets in the lab's namespaces (keeping
     * them alive) and ends its file on SIGTERM, which takes it well under the grace given.
     */
    private void stopCaptures(List<ProcessStamp> captures) {
        if (captures.isEmpty()) return;
        try {
            io.nslab.core.Nodes.stopAll(captures, CAPTURE_GRACE);
        } catch (RuntimeException e) {
            problems.add("stop the captures: " + e.getMessage());
        }
    }

    private void stopProcesses(ProcessStamp supervisor, List<ProcessStamp> inits) {
        if (supervisor != null) {
            try {
                io.nslab.cli.services.Supervisor.stop(supervisor);
            } catch (RuntimeException e) {
                problems.add("stop the services supervisor (PID " + supervisor.pid() + "): " + e.getMessage());
            }
        }
        try {
            nodes.stop(inits);
        } catch (RuntimeException e) {
            problems.add("stop the node inits: " + e.getMessage());
        }
    }

    /**
     * What a crashed or killed up started but could not journal, found by the namespace it is in
     * (by inode: the names are gone). Looked for once the namespaces' names are gone: a node init
     * still on its way into one (started for an up that was killed meanwhile) has joined it by
     * then or can no longer, so one look finds them all; the namespaces end with them.
     */
    private void stopStrays(Set<Long> inodes) {
        if (!Processes.killAll(Processes.inNetns(inodes))) problems.add("processes still running in the lab's namespaces");
    }

    private static String describe(Step s) {
        return s.getClass().getSimpleName() + " " + s;
    }
}
