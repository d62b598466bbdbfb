package io.nslab.cli.manual;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One manual page in man(7) roff, written from a command's picocli model: the same summary,
 * paragraphs, options, examples and exit codes as its {@code --help}, so the two never drift.
 * {@code nslab(1)} lists the commands; {@code nslab-CMD(1)} is one command.
 */
public final class ManPage {
    private final StringBuilder roff = new StringBuilder();

    private ManPage() {}

    /** The page of {@code cl}: the top command ({@code nslab}) or one of its subcommands. */
    public static String of(CommandLine cl, String version) {
        ManPage page = new ManPage();
        page.write(cl, version);
        return page.roff.toString();
    }

    /** The page's file name: nslab.1, nslab-up.1... */
    public static String fileName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName("-") + ".1";
    }

    private void write(CommandLine cl, String version) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName("-");
        String[] description = formatted(spec.usageMessage().description());
        line(".TH " + name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + " 1 \"\" \"nslab " + version + "\" \"nslab manual\"");
        // No hyphenation, no stretched spaces: an option split as --direc-tion cannot be pasted.
        line(".nh");
        line(".ad l");
        line(".SH NAME");
        line(code(name) + " \\- " + text(summary(description)));
        line(".SH SYNOPSIS");
        String synopsis = cl.getHelp().synopsis(0).replaceFirst("^Usage: ", "").strip().replaceAll("\\s+", " ");
        line(".B " + code(synopsis));
        line(".SH DESCRIPTION");
        paragraphs(description);
        Map<String, CommandLine> subcommands = cl.getSubcommands();
        if (!subcommands.isEmpty()) {
            line(".SH COMMANDS");
            subcommands.forEach((sub, c) -> {
                if (c.getCommand() instanceof CommandLine.HelpCommand) return; // no page of its own: nslab COMMAND --help is the page
                line(".TP");
                line(".BR " + code(name + "-" + sub) + " (1)");
                line(text(summary(formatted(c.getCommandSpec().usageMessage().description()))));
            });
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            line(".SH ARGUMENTS");
            for (PositionalParamSpec p : positionals) item("\\fI" + code(p.paramLabel()) + "\\fR", p);
        }
        line(".SH OPTIONS");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            String names = String.join(", ", java.util.Arrays.stream(o.names()).map(n -> "\\fB" + code(n) + "\\fR").toList());
            item(o.typeInfo().isBoolean() ? names : names + " \\fI" + code(o.paramLabel()) + "\\fR", o);
        }
        footer(formatted(spec.usageMessage().footer()));
        line(".SH SEE ALSO");
        line(name.equals("nslab") ? "The lab file: docs/lab-format.md; JSON output: docs/json.md."
                : ".BR nslab (1)");
    }

    private void item(String tag, ArgSpec arg) {
        line(".TP");
        line(tag);
        line(text(String.join(" ", formatted(arg.description()))));
    }

    /** The footer's "Examples:" block as literal lines, its "Exit codes:" as EXIT STATUS, anything else as NOTES. */
    private void footer(String[] footer) {
        List<String> lines = List.of(String.join("\n", footer).split("\n"));
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.equals("Examples:")) {
                line(".SH EXAMPLES");
                line(".nf");
                for (i++; i < lines.size() && !lines.get(i).isBlank(); i++) {
                    String ex = lines.get(i).strip();
                    line(ex.startsWith("#") ? "\\fI" + code(ex) + "\\fR" : ".RS 4\n" + code(ex) + "\n.RE");
                }
                line(".fi");
            } else if (l.startsWith("Exit codes:")) {
                StringBuilder exit = new StringBuilder(l.substring("Exit codes:".length()).strip());
                for (i++; i < lines.size() && !lines.get(i).isBlank(); i++) exit.append(' ').append(lines.get(i).strip());
                line(".SH EXIT STATUS");
                line(text(exit.toString()));
            } else if (!l.isBlank()) {
                notes.add(l.strip());
            }
        }
        if (!notes.isEmpty()) {
            line(".SH NOTES");
            line(text(String.join(" ", notes)));
        }
    }

    /** The paragraphs after the summary, or the summary alone when there are none. */
    private void paragraphs(String[] description) {
        List<String> ps = paragraphList(description);
        for (String p : ps.size() > 1 ? ps.subList(1, ps.size()) : ps) {
            line(".PP");
            line(text(p));
        }
    }

    /** The description's paragraphs (blank strings separate them; a paragraph may span strings). */
    private static List<String> paragraphList(String[] description) {
        List<String> out = new ArrayList<>();
        StringBuilder p = new StringBuilder();
        for (String d : description) {
            if (d.isBlank()) {
                if (p.length() > 0) out.add(p.toString().strip());
                p.setLength(0);
            } else {
                p.append(d.strip()).append(' ');
            }
        }
        if (p.length() > 0) out.add(p.toString().strip());
        return out;
    }

    /** As picocli shows help texts: formatted as String.format does ("%%" is "%", "%n" a new line). */
    public static String[] formatted(String[] texts) {
        String[] out = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            try {
                out[i] = String.format(texts[i]);
            } catch (java.util.IllegalFormatException e) {
                out[i] = texts[i];
            }
        }
        return out;
    }

    /** The first paragraph: the one-sentence summary that nslab --help lists. */
    public static String summary(String[] description) {
        List<String> ps = paragraphList(description);
        return ps.isEmpty() ? "" : ps.get(0);
    }

    private void line(String s) {
        roff.append(s).append('\n');
    }

    /** Running text: roff's escape character, and a line that would start with a control character. */
    static String text(String s) {
        String t = s.replace("\\", "\\e");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }

    /** Something typed (an option, a command): its hyphens too are the ASCII ones, so it can be pasted. */
    static String code(String s) {
        return text(s).replace("-", "\\-");
    }
}
