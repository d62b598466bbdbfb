package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The plain forms of the commands people time, read without picocli: {@code exec [-l LAB] [-i]
 * [-t] [-it] NODE CMD...} (options only before NODE), {@code up FILE [--on-host] [--json]} and
 * {@code down LAB|FILE}. Picocli takes 50 to 120 ms of a fresh JVM to build a command's model (its
 * annotations, through reflection) before it reads a word; the command then runs exactly as
 * picocli would have run it. Anything else (help, a misspelt option, a missing or extra word,
 * {@code --all}) is not read here: picocli reads it and says what is wrong as it always does.
 * The tests check each form reads as picocli reads it.
 */
public final class PlainForms {
    private PlainForms() {}

    /** The command for these arguments (the whole command line), or empty for picocli to read. */
    public static Optional<Callable<Integer>> read(String... args) {
        if (args.length == 0 || anyNul(args)) return Optional.empty();
        return switch (args[0]) {
            case "exec" -> exec(args).map(c -> c);
            case "up" -> up(args).map(c -> c);
            case "down" -> down(args).map(c -> c);
            default -> Optional.empty();
        };
    }

    static Optional<ExecCommand> exec(String... args) {
        if (args.length < 3) return Optional.empty();
        ExecCommand exec = new ExecCommand();
        int i = 1;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            switch (args[i]) {
                case "-l" -> {
                    if (exec.lab != null || i + 1 >= args.length || args[i + 1].startsWith("-")) return Optional.empty();
                    exec.lab = args[++i];
                }
                case "-i" -> exec.interactive = true;
                case "-t" -> exec.tty = true;
                case "-it", "-ti" -> exec.interactive = exec.tty = true;
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (args.length - i < 2) return Optional.empty(); // NODE and at least one word of CMD
        exec.node = args[i];
        exec.command = List.of(args).subList(i + 1, args.length);
        return Optional.of(exec);
    }

    static Optional<UpCommand> up(String... args) {
        UpCommand up = new UpCommand();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--on-host" -> {
                    if (up.onHost) return Optional.empty(); // picocli: "should be specified only once"
                    up.onHost = true;
                }
                case "--json" -> {
                    if (up.json) return Optional.empty();
                    up.json = true;
                }
                default -> {
                    if (args[i].startsWith("-") || up.file != null) return Optional.empty();
                    up.file = Path.of(args[i]);
                }
            }
        }
        return up.file == null ? Optional.empty() : Optional.of(up);
    }

    static Optional<DownCommand> down(String... args) {
        if (args.length != 2 || args[1].startsWith("-")) return Optional.empty();
        DownCommand down = new DownCommand();
        down.which = new DownCommand.Which();
        down.which.lab = args[1];
        return Optional.of(down);
    }

    /** picocli rejects a NUL in a file name with its own message: leave such words to it. */
    private static boolean anyNul(String[] args) {
        for (String a : args) if (a.indexOf('\0') >= 0) return true;
        return false;
    }

    /** Where a command prints: picocli's writers when picocli ran it, this process's stdout and stderr otherwise. */
    static PrintWriter out(CommandSpec spec) {
        return spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    }

    static PrintWriter err(CommandSpec spec) {
        return spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    }
}
