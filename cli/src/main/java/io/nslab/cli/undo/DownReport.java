package io.nslab.cli.undo;

import io.nslab.cli.state.JournalEntry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.state.Journal;
import io.nslab.cli.state.StateDir;

/**
 * What {@code nslab down} removed of one lab: the steps its journal undid, the processes it
 * stopped, and what it found only by the lab's mark; as text, or as one JSON line (--json).
 */
public record DownReport(String lab, int stepsUndone, int processesStopped, List<String> removedByMark, long elapsedMs) {
    /** Brings the lab of {@code state} down with {@code down}, counting what its journal says it undoes. */
    public static DownReport of(StateDir state, LabDown down) {
        long start = System.nanoTime();
        // Read before down, which removes the journal with the state directory.
        List<JournalEntry> entries = JournalEntry.parse(Journal.read(state.journal()));
        List<String> swept = down.down(state);
        Set<Integer> absent = new HashSet<>();
        for (JournalEntry e : entries) if (e instanceof JournalEntry.Absent a) absent.add(a.step());
        int steps = 0, processes = 0;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.Done d && !absent.contains(d.step())) steps++;
            if (e instanceof JournalEntry.Started) processes++;
        }
        return new DownReport(state.lab(), steps, processes, swept, (System.nanoTime() - start) / 1_000_000);
    }

    /** What {@code down --all} found of labs whose state directory is gone. */
    public static DownReport orphans(List<String> removed) {
        return new DownReport(null, 0, 0, removed, 0);
    }

    /** One compact JSON object (docs/json.md). */
    public String json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (lab == null) o.putNull("lab");
        else o.put("lab", lab);
        o.put("steps_undone", stepsUndone).put("processes_stopped", processesStopped);
        removedByMark.forEach(o.putArray("removed_by_mark")::add);
        o.put("elapsed_ms", elapsedMs);
        return o.toString();
    }
}
