package io.nslab.cli.commands;

import java.util.List;
import java.util.Optional;

/**
 * The plain forms of {@code nslab exec}, read without picocli: {@code exec [-l LAB] [-i] [-t]
 * [-it] NODE CMD...}, options only before NODE, each on its own or -i and -t together. Picocli
 * takes 100 ms of a fresh JVM to build and parse exec's model (annotations through reflection),
 * most of what `nslab exec NODE true` costs; the command itself then runs exactly as picocli
 * would have run it ({@link ExecCommand#call}). Anything else (help, a misspelt option, a
 * missing NODE or CMD, -l with no value) is not read here: picocli reads it and says what is
 * wrong as it always does.
 */
public final class ExecArgs {
    private ExecArgs() {}

    /** The command for these arguments (the whole command line, "exec" first), or empty for picocli to read. */
    public static Optional<ExecCommand> read(String... args) {
        if (args.length < 3 || !args[0].equals("exec")) return Optional.empty();
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
}
