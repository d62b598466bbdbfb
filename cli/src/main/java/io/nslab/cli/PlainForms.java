package io.nslab.cli;

import io.nslab.cli.commands.DownCommand;
import io.nslab.cli.commands.ExecCommand;
import io.nslab.cli.commands.UpCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The plain forms of the commands people time, read without picocli: {@code exec [-l LAB] [-i]
 * [-t] [-it] [-e KEY=VAL]... [-w DIR] [-u USER[:GROUP]] NODE CMD...} (options only before NODE,
 * each value a word of its own), {@code up FILE [--on-host] [--json]} and
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

    public static Optional<ExecCommand> exec(String... args) {
        if (args.length < 3) return Optional.empty();
        String lab = null, workdir = null, user = null;
        List<String> env = null;
        boolean interactive = false, tty = false;
        int i = 1;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            switch (args[i]) {
                case "-l", "--lab" -> {
                    if (lab != null || !hasValue(args, i)) return Optional.empty();
                    lab = args[++i];
                }
                case "-e", "--env" -> {
                    if (!hasValue(args, i)) return Optional.empty();
                    if (env == null) env = new ArrayList<>();
                    env.add(args[++i]);
                }
                case "-w", "--workdir" -> {
                    if (workdir != null || !hasValue(args, i)) return Optional.empty();
                    workdir = args[++i];
                }
                case "-u", "--user" -> {
                    if (user != null || !hasValue(args, i)) return Optional.empty();
                    user = args[++i];
                }
                case "-i" -> interactive = true;
                case "-t" -> tty = true;
                case "-it", "-ti" -> interactive = tty = true;
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (args.length - i < 2) return Optional.empty(); // NODE and at least one word of CMD
        return Optional.of(ExecCommand.of(lab, interactive, tty, env, workdir, user, args[i], List.of(args).subList(i + 1, args.length)));
    }

    /** An option's value, a word of its own: a word that looks like an option is left to picocli. */
    private static boolean hasValue(String[] args, int option) {
        return option + 1 < args.length && !args[option + 1].startsWith("-");
    }

    public static Optional<UpCommand> up(String... args) {
        Path file = null;
        boolean onHost = false, json = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--on-host" -> {
                    if (onHost) return Optional.empty(); // picocli: "should be specified only once"
                    onHost = true;
                }
                case "--json" -> {
                    if (json) return Optional.empty();
                    json = true;
                }
                default -> {
                    if (args[i].startsWith("-") || file != null) return Optional.empty();
                    file = Path.of(args[i]);
                }
            }
        }
        return file == null ? Optional.empty() : Optional.of(UpCommand.of(file, onHost, json));
    }

    public static Optional<DownCommand> down(String... args) {
        if (args.length != 2 || args[1].startsWith("-")) return Optional.empty();
        return Optional.of(DownCommand.of(args[1]));
    }

    /** picocli rejects a NUL in a file name with its own message: leave such words to it. */
    private static boolean anyNul(String[] args) {
        for (String a : args) if (a.indexOf('\0') >= 0) return true;
        return false;
    }
}
