package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.print.Progress;
import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.undo.DownReport;
import io.nslab.cli.undo.LabDown;
import io.nslab.cli.node.NodeRunners;
import io.nslab.cli.launch.Root;
import io.nslab.cli.launch.Rootless;
import io.nslab.cli.rootless.UsersLabs;
import io.nslab.sys.Euid;
import io.nslab.cli.undo.Sweep;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import io.nslab.topology.parse.LabSyntax;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "down", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Remove a lab and everything it created.",
            "",
            "Stops its processes (services supervisor, node inits and whatever runs in its nodes) and removes its NAT table, links, bridges, cgroups and network namespaces, and its state directory. It undoes the lab's journal in reverse, so it also cleans up after an up that crashed or was killed; what is already gone is skipped, and running it twice is harmless.",
            "",
            "On a terminal, a down that takes over a second shows how far it is on one line, erased when it ends (not with --json, nor into a pipe or a file)."},
        footer = {"",
            "Examples:",
            "  # remove the lab named bridge",
            "  sudo nslab down bridge",
            "  # the same, by its file",
            "  sudo nslab down labs/bridge.json",
            "  # every lab that is up, and what labs whose state is gone left behind",
            "  sudo nslab down --all",
            "  # ...and every user's rootless labs too (root only)",
            "  sudo nslab down --all --all-users",
            "",
            "Exit codes: 0 removed, 2 no such lab (or it is busy), 3 something could not",
            "be removed, or not root."})
public final class DownCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    static final class Which {
        @Parameters(paramLabel = "LAB|FILE", description = "the lab's name, or its lab file") String lab;
        @Option(names = "--all", description = "remove every lab that is up, and what labs whose state directory was removed left behind") boolean all;
    }

    @ArgGroup(multiplicity = "1") Which which;

    @Option(names = "--all-users", description = "with --all, as root: every user's rootless labs too (each user's holder is killed, which ends their labs, and their labs' state removed)")
    boolean allUsers;

    /** The command as picocli would fill it from {@code down LAB|FILE} (for PlainForms). */
    public static DownCommand of(String labOrFile) {
        DownCommand down = new DownCommand();
        down.which = new Which();
        down.which.lab = labOrFile;
        return down;
    }

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() {
        Root.require("down");
        if (allUsers && !which.all) throw NslabException.badInput("nslab down: --all-users goes with --all (try: nslab down --all --all-users)");
        if (allUsers && (Rootless.active() || !Euid.isRoot())) {
            throw NslabException.badInput("nslab down: --all-users is root's: a user's labs are theirs alone (try: "
                    + io.nslab.cli.launch.Invocation.asRoot("down --all --all-users") + ")");
        }
        PrintWriter out = Output.out(spec);
        if (!which.all) {
            StateDir state = StateDir.of(labName(which.lab));
            if (!state.exists()) throw NslabException.badInput("nslab down: no lab named \"" + state.lab() + "\" is up"
                    + (Labs.names().isEmpty() ? "" : " (up: " + String.join(", ", Labs.names()) + ")"));
            report(out, down(state));
            return ExitCode.OK;
        }
        // --all: one lab that cannot be removed (busy, unreadable, a kernel refusal) must not keep the others up.
        List<String> failures = new ArrayList<>();
        for (String name : Labs.directories()) {
            StateDir state = StateDir.of(name);
            try {
                report(out, down(state));
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        // What labs of this state root left when their state directory went away (by hand, a wiped /run).
        Sweep.Result orphans = Sweep.orphans();
        if (json.on() && !orphans.removed().isEmpty()) out.println(DownReport.orphans(orphans.removed()).json());
        else if (!json.on()) orphans.removed().forEach(out::println);
        failures.addAll(orphans.problems());
        if (allUsers) failures.addAll(downUsers(out));
        out.flush();
        if (failures.isEmpty()) return ExitCode.OK;
        PrintWriter err = Output.err(spec);
        for (String f : failures) err.println(f.startsWith("nslab") ? f : "nslab down: " + f);
        err.flush();
        return ExitCode.SYSTEM;
    }

    /** Every user's rootless labs ended (UsersLabs): one line (or object) per user who had any; the problems met. */
    private List<String> downUsers(PrintWriter out) {
        List<String> problems = new ArrayList<>();
        for (UsersLabs.UserDir user : UsersLabs.find()) {
            UsersLabs.Ended ended = UsersLabs.end(user);
            if (ended.labs().isEmpty() && !ended.holderKilled() && ended.problems().isEmpty()) continue;
            if (json.on()) {
                ObjectNode o = JsonNodeFactory.instance.objectNode().put("user_uid", user.uid()).put("user_dir", user.dir().toString());
                ended.labs().forEach(o.putArray("labs")::add);
                out.println(o.put("holder_killed", ended.holderKilled()));
            } else {
                out.println("user " + user.uid() + " (" + user.dir() + "): " + (ended.labs().isEmpty() ? "no lab" : "labs " + String.join(", ", ended.labs()))
                        + " down" + (ended.holderKilled() ? ", holder killed" : ""));
            }
            ended.problems().forEach(p -> problems.add("nslab down: user " + user.uid() + ": " + p));
        }
        return problems;
    }

    /** One lab down, its progress on a terminal (erased before its report, or its failure, is printed). */
    private DownReport down(StateDir state) {
        try (Progress progress = Progress.onTerminal(json.on())) {
            return DownReport.of(state, new LabDown(NodeRunners.get(), progress));
        }
    }

    private void report(PrintWriter out, DownReport r) {
        if (json.on()) {
            out.println(r.json());
        } else {
            r.removedByMark().forEach(out::println);
            out.println("lab " + r.lab() + " is down");
        }
    }

    /** A lab's name as given, or read from a lab file (anything that names an existing file). */
    static String labName(String labOrFile) {
        Path p = Path.of(labOrFile);
        if (labOrFile.contains("/") || labOrFile.endsWith(".json") || LabSyntax.of(p) == LabSyntax.YAML || Files.isRegularFile(p)) {
            if (!Files.isRegularFile(p)) throw NslabException.badInput("nslab: no such lab file: " + labOrFile);
            return LabFiles.load(p).name();
        }
        return labOrFile;
    }
}
