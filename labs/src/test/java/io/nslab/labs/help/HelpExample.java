package io.nslab.labs.help;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * One example of a command's {@code --help}: the comment above it and the shell line, as
 * printed. Read from every command of nslab's command tree (subcommands of subcommands
 * included), so a command added later is run with the others.
 */
record HelpExample(String command, String comment, String line) {
    /** An example that says it runs until Ctrl-C: it must still run when the test presses it. */
    boolean untilCtrlC() {
        return comment.contains("until Ctrl-C");
    }

    /** The nslab command it runs as root (a lab's commands): the lab is up before it, unless it builds it. */
    boolean asRoot() {
        return line.contains("sudo nslab ");
    }

    /** {@code nslab up} and {@code nslab test} build the lab from its file: it must not be up yet. */
    boolean buildsTheLab() {
        return line.matches(".*\\bnslab (up|test)\\b.*");
    }

    @Override
    public String toString() {
        return "nslab " + command + " --help: " + line;
    }

    /** Every example of every command's help, nslab's own first. */
    static List<HelpExample> all(CommandLine nslab) {
        List<HelpExample> out = new ArrayList<>();
        collect("", nslab, out);
        return out;
    }

    private static void collect(String name, CommandLine cl, List<HelpExample> out) {
        out.addAll(of(name, cl.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        cl.getSubcommands().forEach((sub, c) -> {
            if (c.getParent() == cl) collect((name + " " + sub).strip(), c, out);
        });
    }

    private static final Pattern COMMENT = Pattern.compile("\\s*#\\s*(.*)");

    /** The block after "Examples:" up to a blank line: a "# comment" line, then the line it describes. */
    static List<HelpExample> of(String command, String help) {
        List<HelpExample> out = new ArrayList<>();
        int at = help.indexOf("\nExamples:\n");
        if (at < 0) return out;
        String comment = "";
        for (String l : help.substring(at + "\nExamples:\n".length()).split("\n")) {
            if (l.isBlank()) break;
            var c = COMMENT.matcher(l);
            if (c.matches()) comment = c.group(1);
            else out.add(new HelpExample(command, comment, l.strip()));
        }
        return out;
    }
}
