package io.nslab.cli.state;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.topology.plan.Plan;

/** A lab that is up, as its state directory tells it: its Plan and its processes. */
public record RunningLab(StateDir state, Plan plan) {
    public static RunningLab of(StateDir state) {
        try {
            return new RunningLab(state, Plan.fromJson(Files.readString(state.plan())));
        } catch (IOException | RuntimeException e) {
            // One line: a parser's message spans several (it quotes where it stopped).
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
            throw new NslabException(ExitCode.SYSTEM, "nslab: cannot read the state of lab " + state.lab() + " (" + state.plan() + ", written by "
                    + "another nslab version?): " + why + " (nslab down " + state.lab() + " removes it)", e);
        }
    }

    /**
     * The node inits the lab's journal records (node → init, in the order they started): the
     * one record of them, so up writes no file per node.
     */
    public static Map<String, ProcessStamp> inits(StateDir state) {
        Map<String, ProcessStamp> inits = new LinkedHashMap<>();
        // Only the process lines are parsed: exec, which asks for one node, stays quick.
        List<String> processes = new ArrayList<>();
        for (String line : Journal.read(state.journal())) if (line.startsWith("process\t")) processes.add(line);
        for (JournalEntry e : JournalEntry.parse(processes)) {
            if (e instanceof JournalEntry.Started s && s.what().startsWith(JournalEntry.NODE)) {
                inits.put(s.what().substring(JournalEntry.NODE.length()), s.process());
            }
        }
        return inits;
    }

    public Optional<ProcessStamp> supervisor() { return ProcessStamp.read(state.supervisorPid()); }
}
