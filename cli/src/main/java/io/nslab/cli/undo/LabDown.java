package io.nslab.cli.undo;

import io.nslab.cli.state.JournalEntry;

import io.nslab.cli.node.NodeRunner;
import io.nslab.cli.print.Progress;
import io.nslab.cli.launch.Root;
import java.util.ArrayList;
import java.util.List;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.LabLock;
import io.nslab.cli.state.StateDir;

/**
 * {@code nslab down}: undoes a lab from its journal, latest first, tolerating what is already
 * gone (so it also finishes what a crashed {@code up} or an earlier {@code down} left), and
 * removes the state directory last. Idempotent.
 */
public final class LabDown {
    private final NodeRunner nodes;
    private final Progress progress;

    public LabDown(NodeRunner nodes) {
        this(nodes, Progress.none());
    }

    /** A down that shows how far it is on {@code progress}. */
    public LabDown(NodeRunner nodes, Progress progress) {
        this.nodes = nodes;
        this.progress = progress;
    }

    /**
     * Brings the lab down; returns what was found only by the lab's mark (one line per object):
     * what its journal did not name, e.g. one written by another nslab version.
     */
    public List<String> down(StateDir state) {
        Root.require("down");
        try (LabLock lock = LabLock.tryAcquire(state).orElseThrow(() -> NslabException.badInput(
                "nslab down: lab \"" + state.lab() + "\" is busy: another nslab is bringing it up or down right now"))) {
            List<String> problems = new ArrayList<>(new Undo(JournalEntry.parse(Journal.read(state.journal())), nodes, progress, state.lab()).run());
            Sweep.Result swept = Sweep.lab(state.lab());
            problems.addAll(swept.problems());
            if (!problems.isEmpty()) {
                throw new NslabException(ExitCode.SYSTEM, "nslab down: " + state.lab() + ": " + problems.size()
                        + " thing(s) could not be removed, first: " + problems.get(0) + " (state kept in " + state.dir() + "; try again)");
            }
            state.remove();
            return swept.removed();
        }
    }
}
