package io.nslab.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

import io.nslab.cli.ExitCode;
import io.nslab.cli.NslabException;
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

    public Optional<ProcessStamp> init(String node) { return ProcessStamp.read(state.nodePid(node)); }

    public Optional<ProcessStamp> supervisor() { return ProcessStamp.read(state.supervisorPid()); }
}
