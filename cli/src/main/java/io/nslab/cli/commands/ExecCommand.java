package io.nslab.cli.commands;

import io.nslab.cli.state.NodeInits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.launch.Root;
import io.nslab.cli.check.NodeExec;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ExecAs;
import io.nslab.core.NodeException;
import io.nslab.core.Nodes;
import io.nslab.core.ProcessStamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Run a command inside a node, like docker exec.",
            "",
            "The command runs in all of the node's namespaces (user included) and in its cgroup (its limits hold for the command), as its root, in /, with the node's environment. The command's exit code is nslab's (128+N when killed by signal N).",
            "",
            "The command has the node's capabilities, not more (its root may configure the node's network but not set the machine's clock), and no_new_privs in a node that has not every capability. --privileged gives it every capability of nslab's instead: the machine's root in the node's namespaces, for a teacher to look behind the node's back; never for what a student's node should do.",
            "",
            "-u and -w are read inside the node, as docker exec reads them: the user in the node's own /etc/passwd and /etc/group (its overlay or directory root, not the machine's), the directory in its own tree. A user other than root has no capabilities (as with su), and HOME is its home unless -e says otherwise.",
            "",
            "Everything after NODE belongs to the command: `nslab exec web ls -l /` lists / in long form. Options go before NODE. -l LAB is needed only when several labs are up."},
        footer = {"",
            "Examples:",
            "  # one command",
            "  sudo nslab exec client ping -c1 web",
            "  # a shell with a terminal of its own; Ctrl-C goes to the shell",
            "  sudo nslab exec -it client sh",
            "  # stdin passed through",
            "  echo hi | sudo nslab exec -i web cat",
            "  # as the machine's root (every capability), not the node's",
            "  sudo nslab exec --privileged web grep CapEff /proc/self/status",
            "  # as the node's user www-data (its /etc/passwd's), in /srv, with a variable",
            "  sudo nslab exec -u www-data -w /srv -e LANG=C.UTF-8 web env",
            "",
            "Exit codes: the command's; 2 no such lab or node, or a bad option; 3 the node",
            "is not running, or not root; 126 no such user or group in the node, or no",
            "such directory (-w); 127 no such command."})
public final class ExecCommand implements Callable<Integer> {
    @Mixin LabOption lab = new LabOption();

    @Option(names = "-i", description = "pass stdin to the command (without it, the command reads nothing)")
    boolean interactive;

    @Option(names = "-t", description = "give the command a terminal of its own (use with -i for a shell)")
    boolean tty;

    @Option(names = "--privileged", description = "every capability, not the node's: the machine's root inside the node (unsafe; for teachers)")
    boolean privileged;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL",
            description = "set a variable in the command's environment (repeatable; KEY alone: nslab's own value of KEY, if set)")
    List<String> env; // null: none

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "the command's working directory in the node (absolute; default /)")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]",
            description = "run as this user (a name in the node's /etc/passwd, or a uid), and group (name or gid; default the user's)")
    String user;

    @Parameters(index = "0", paramLabel = "NODE", description = "the node")
    String node;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "the command and its arguments")
    List<String> command;

    /** The command as picocli would fill it from {@code exec [-l LAB] [-i] [-t] [-e KEY=VAL]... [-w DIR] [-u USER] NODE CMD...} (for PlainForms). */
    public static ExecCommand of(String lab, boolean interactive, boolean tty, List<String> env, String workdir, String user,
                                 String node, List<String> command) {
        ExecCommand exec = new ExecCommand();
        exec.lab.name = lab;
        exec.interactive = interactive;
        exec.tty = tty;
        exec.env = env;
        exec.workdir = workdir;
        exec.user = user;
        exec.node = node;
        exec.command = command;
        return exec;
    }

    @Override
    public Integer call() {
        Map<String, String> variables = ExecEnv.read(env == null ? List.of() : env, System.getenv());
        if (workdir != null && !workdir.startsWith("/"))
            throw NslabException.badInput("nslab: -w " + workdir + ": the working directory must be an absolute path");
        if (user != null && user.isEmpty()) throw NslabException.badInput("nslab: -u: no user given");
        Root.require("exec");
        StateDir state = Labs.resolve(lab.name());
        ProcessStamp init = NodeInits.running(state, node);
        try {
            return Nodes.exec(init, command, variables, interactive, tty, NodeExec.cgroupOf(state.lab(), node), privileged,
                    new ExecAs(user, workdir));
        } catch (NodeException e) {
            throw NslabException.system("nslab: " + e.getMessage());
        }
    }
}
