package io.nslab.cli;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.launch.Invocation;
import io.nslab.cli.launch.ProcessLaunch;
import io.nslab.cli.launch.Version;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.nslab.cli.commands.CaptureCommand;
import io.nslab.cli.commands.CheckCommand;
import io.nslab.cli.commands.CompletionCommand;
import io.nslab.cli.commands.CpCommand;
import io.nslab.cli.commands.DoctorCommand;
import io.nslab.cli.commands.DownCommand;
import io.nslab.cli.commands.LinkCommand;
import io.nslab.cli.commands.ExecCommand;
import io.nslab.cli.commands.ExplainCommand;
import io.nslab.cli.commands.GraphCommand;
import io.nslab.cli.commands.InspectCommand;
import io.nslab.cli.commands.LogsCommand;
import io.nslab.cli.commands.LsCommand;
import io.nslab.cli.commands.PingallCommand;
import io.nslab.cli.commands.StatusCommand;
import io.nslab.cli.commands.TopCommand;
import io.nslab.cli.commands.TestCommand;
import io.nslab.cli.commands.UpCommand;
import io.nslab.cli.commands.ValidateCommand;
import io.nslab.cli.commands.WebCommand;
import io.nslab.sys.SysException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nslab} command: picocli subcommands, one small class each, and one error policy. */
@Command(name = "nslab",
        mixinStandardHelpOptions = true,
        addMethodSubcommands = false,
        versionProvider = Version.class,
        description = {
            "Network labs out of real Linux namespaces: what `docker run` does to the network",
            "and to process isolation, for a whole topology at once, visible and scriptable.",
            ""},
        footer = {"",
            "Examples:",
            "  # build the lab (its host side in a network namespace of its own)",
            "  sudo nslab up labs/bridge.json",
            "  # run a program inside a node",
            "  sudo nslab exec client ping -c1 web",
            "  # the same lab as the ip, nft and unshare commands that would build it",
            "  nslab explain labs/bridge.json",
            "  # remove everything the lab created",
            "  sudo nslab down bridge",
            "",
            "nslab COMMAND --help explains a command, with examples.",
            "Exit codes: 0 ok, 1 a check failed, 2 bad input, 3 the system refused."})
public final class Main implements Runnable {
    /**
     * The subcommands by name, in the order help lists them. The names are written here, not
     * read from each class's {@code @Command}: reading annotations means parsing them into proxies,
     * about 1 ms a class on a cold JVM, for classes the command about to run never uses.
     * {@code MainSubcommandsTest} checks that each name is its class's.
     * <p>Every command also says {@code addMethodSubcommands = false}: nslab has no
     * {@code @Command} methods, and picocli looks for them in every public method, Object's
     * included, parsing their annotations. Main keeps its own CommandLine rather than a
     * {@code @Spec} field for the same reason: each annotation type read is a proxy class
     * generated at run time (a few ms each on a cold JVM; the archive cannot hold them).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "up", UpCommand.class, "down", DownCommand.class, "ls", LsCommand.class,
            "status", StatusCommand.class, "inspect", InspectCommand.class, "exec", ExecCommand.class, "logs", LogsCommand.class, "cp", CpCommand.class,
            "check", CheckCommand.class, "test", TestCommand.class, "capture", CaptureCommand.class, "pingall", PingallCommand.class,
            "top", TopCommand.class, "link", LinkCommand.class,
            "explain", ExplainCommand.class, "graph", GraphCommand.class, "validate", ValidateCommand.class,
            "doctor", DoctorCommand.class, "web", WebCommand.class, "completion", CompletionCommand.class,
            "help", CommandLine.HelpCommand.class);

    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        return Collections.unmodifiableMap(byName);
    }

    /** This command's own CommandLine, for the usage that {@code nslab} alone prints. */
    private CommandLine self;

    @CommandLine.Option(names = "--json", description = "with -V/--version: print it as JSON")
    boolean json;

    public static void main(String[] args) {
        // Numbers are written one way whatever the user's locale (scripts read them), and
        // java.util.Formatter has a fast path for US that loads no locale data: jffi's binding
        // formats a string first thing, which for another locale cost ~10 ms of every command.
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
        ProcessLaunch.useVfork();
        Optional<Callable<Integer>> plain = PlainForms.read(args);
        if (args.length == 0 || !args[0].equals("exec")) loadSyscallsAhead(); // exec needs no libc binding
        int code = plain.isPresent() ? runAlone(plain.get()) : run(args);
        if (io.nslab.cli.launch.Rootless.active()) stopIdleHolder();
        System.exit(code);
    }

    /** A user's command that leaves the user no lab takes the holder of their namespaces along. */
    private static void stopIdleHolder() {
        try {
            io.nslab.cli.rootless.Holder.stopIfIdle();
        } catch (RuntimeException e) {
            // the next command that finds no lab tries again
        }
    }

    /** Runs a command picocli did not parse, its failures reported as {@link #handle} reports them. */
    static int runAlone(Callable<Integer> command) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return command.call();
        } catch (Exception e) {
            return handle(e, err);
        } finally {
            err.flush();
        }
    }

    /**
     * Binding the C library (jnr-ffi generates a class for its interface) takes about 100 ms of
     * a fresh JVM, and nearly every command needs it: so it starts at once, on a second core,
     * while this thread parses the command line, loads the lab and so on. Whoever needs a
     * system call first waits for the binding to finish (class initialisation is done once,
     * under the JVM's lock), never for more than it would have taken anyway.
     */
    private static void loadSyscallsAhead() {
        // jnr-ffi would also assemble an x86 stub per function (its own assembler, ~30 more
        // classes): faster calls, of which a command makes a few hundred, for ~10 ms of binding.
        System.setProperty("jnr.ffi.x86asm.enabled", "false");
        Thread t = new Thread(() -> {
            try {
                io.nslab.sys.Sys.C.getpid();
            } catch (Throwable e) {
                // the command that needs it reports the failure
            }
        }, "nslab-bind-libc");
        t.setDaemon(true);
        t.start();
    }

    /** Runs nslab with {@code args} and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine cli = commandLine(args);
        return cli.execute(args);
    }

    /** nslab with every subcommand (for help, and for tests that run several commands). */
    public static CommandLine commandLine() {
        return configure(SUBCOMMANDS.values());
    }

    /**
     * nslab for these arguments, with only the subcommand they name. Picocli builds each
     * subcommand's model by reflection as it is added: for all of them, about a quarter of a
     * short command's run (40 ms of `nslab exec NODE true`). A subcommand runs, and prints its
     * own help, with its own model only, so the others are left out; no subcommand, help, or an
     * unknown name gets them all, for the listing or the error that needs them; so does
     * completion, whose scripts name every command.
     */
    static CommandLine commandLine(String... args) {
        Class<?> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        // completion writes a script of every command: it reads the whole tree (its spec's root).
        if (named == null || named == CommandLine.HelpCommand.class || named == CompletionCommand.class) return commandLine();
        return configure(List.of(named));
    }

    private static CommandLine configure(Collection<Class<?>> subcommands) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        main.self = cli;
        // Before the settings below: picocli gives them to the subcommands already added.
        for (Class<?> c : subcommands) cli.addSubcommand(c);
        // exec's options end at NODE, so the command's own (`ls -l`) are never taken for nslab's.
        // Set here, after addSubcommand, which hands every subcommand the parent's parser settings.
        CommandLine exec = cli.getSubcommands().get("exec");
        if (exec != null) exec.setStopAtPositional(true);
        // picocli's own Path conversion reports a NUL in a file name as a Java exception, NUL included.
        cli.registerConverter(Path.class, s -> {
            if (s.indexOf('\0') >= 0) throw new CommandLine.TypeConversionException("a file name cannot hold a NUL character");
            return Path.of(s);
        });
        // nslab --version --json: picocli would print the text version before any command ran.
        cli.setExecutionStrategy(parsed -> parsed.isVersionHelpRequested() && main.json
                ? Version.printJson(cli.getOut()) : new CommandLine.RunLast().execute(parsed));
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::badUsage);
        return cli;
    }

    /**
     * A command line picocli cannot read: its message, picocli's suggestions for a misspelt command
     * or option ("Did you mean: nslab status?", "Possible solutions: --json"), and where help is.
     */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("nslab: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + Invocation.command() + " " + commandPath(ex.getCommandLine()) + "--help'.");
        return ExitCode.BAD_INPUT;
    }

    private static String commandPath(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        return name.equals("nslab") ? "" : name.substring("nslab ".length()) + " ";
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parse) {
        return handle(ex, cl.getErr());
    }

    private static int handle(Exception ex, PrintWriter err) {
        boolean debug = Boolean.getBoolean("nslab.debug") || System.getenv("NSLAB_DEBUG") != null;
        if (ex instanceof NslabException ne) {
            err.println(ne.getMessage());
            if (debug) ex.printStackTrace(err);
            return ne.exitCode();
        }
        if (ex instanceof SysException se) {
            err.println("nslab: " + se.getMessage());
            if (debug) ex.printStackTrace(err);
            return ExitCode.SYSTEM;
        }
        err.println("nslab: internal error: " + ex + (debug ? "" : " (NSLAB_DEBUG=1 shows the stack trace)"));
        if (debug) ex.printStackTrace(err);
        return ExitCode.SYSTEM;
    }

    @Override
    public void run() {
        self.usage(self.getOut());
    }
}
