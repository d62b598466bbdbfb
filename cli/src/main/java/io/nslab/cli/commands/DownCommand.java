package io.nslab.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.nslab.cli.ExitCode;
import io.nslab.cli.LabFiles;
import io.nslab.cli.NslabException;
import io.nslab.cli.run.LabDown;
import io.nslab.cli.run.NodeRunners;
import io.nslab.cli.run.Root;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Remove a lab and everything it created: its processes (services supervisor, node inits and "
                + "whatever runs in its nodes), NAT table, links, bridges and network namespaces, and its state directory. "
                + "It undoes the lab's journal in reverse, so it also cleans up after an up that crashed or was killed; "
                + "what is already gone is skipped, and running it twice is harmless."},
        footer = {"", "Examples:",
            "  sudo ./nslab down bridge              remove the lab named bridge",
            "  sudo ./nslab down labs/bridge.json    the same, by its file",
            "  sudo ./nslab down --all               every lab that is up",
            "", "Exit codes: 0 removed, 2 no such lab (or it is busy), 3 something could not be removed."})
public final class DownCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    static final class Which {
        @Parameters(paramLabel = "LAB|FILE", description = "the lab's name, or its lab file") String lab;
        @Option(names = "--all", description = "remove every lab that is up") boolean all;
    }

    @ArgGroup(multiplicity = "1") Which which;

    @Override
    public Integer call() {
        Root.require("down");
        List<StateDir> labs = new ArrayList<>();
        if (which.all) {
            for (String name : Labs.names()) labs.add(StateDir.of(name));
        } else {
            StateDir state = StateDir.of(labName(which.lab));
            if (!state.exists()) throw NslabException.badInput("nslab down: no lab named \"" + state.lab() + "\" is up"
                    + (Labs.names().isEmpty() ? "" : " (up: " + String.join(", ", Labs.names()) + ")"));
            labs.add(state);
        }
        LabDown down = new LabDown(NodeRunners.get());
        for (StateDir state : labs) {
            down.down(state);
            spec.commandLine().getOut().println("lab " + state.lab() + " is down");
        }
        return ExitCode.OK;
    }

    /** A lab's name as given, or read from a lab file (anything that names an existing file). */
    static String labName(String labOrFile) {
        Path p = Path.of(labOrFile);
        if (labOrFile.contains("/") || labOrFile.endsWith(".json") || Files.isRegularFile(p)) {
            if (!Files.isRegularFile(p)) throw NslabException.badInput("nslab: no such lab file: " + labOrFile);
            return LabFiles.load(p).name();
        }
        return labOrFile;
    }
}
