package io.nslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Every command's help reads well in an 80-column terminal: no line wider, a summary that is a
 * sentence of its own and fits its row of {@code nslab --help}, and examples, each of which nslab
 * reads without a usage error. A command added later is checked the same way: the failure says
 * what to change in its {@code @Command}.
 */
class HelpTest {
    static final int WIDTH = 80;

    @Test
    void noLineOfAnyHelpIsWiderThanATerminal() {
        for (var e : helps().entrySet()) {
            for (String line : e.getValue().split("\n", -1)) {
                if (line.length() > WIDTH) {
                    fail("`nslab " + e.getKey() + " --help` has a line of " + line.length() + " columns (at most " + WIDTH
                            + "): \"" + line + "\". Shorten it in the command's @Command(description/footer): a footer line is"
                            + " printed as written, so break it yourself; a description paragraph is wrapped by picocli.");
                }
            }
        }
    }

    /** picocli formats help texts as String.format does: a lone % makes it print a warning and the raw text. */
    @Test
    void noHelpTextHasALonePercentSign() {
        java.util.regex.Pattern lone = java.util.regex.Pattern.compile("%(?![%n])");
        for (var e : Main.commandLine().getSubcommands().entrySet()) {
            var spec = e.getValue().getCommandSpec();
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            // Options' texts as written in their annotations (picocli hands them out already formatted).
            List<CommandLine.Model.CommandSpec> owners = new ArrayList<>(List.of(spec));
            owners.addAll(spec.mixins().values());
            for (var owner : owners) {
                for (var f : owner.userObject().getClass().getDeclaredFields()) {
                    var o = f.getAnnotation(CommandLine.Option.class);
                    var p = f.getAnnotation(CommandLine.Parameters.class);
                    if (o != null) texts.addAll(List.of(o.description()));
                    if (p != null) texts.addAll(List.of(p.description()));
                }
            }
            for (String t : texts) {
                // "%%" is one escaped percent sign: drop those before looking for a lone one.
                assertFalse(lone.matcher(t.replace("%%", "")).find(),
                        "nslab " + e.getKey() + ": write % as %% in \"" + t + "\" (picocli formats it as String.format does)");
            }
        }
    }

    @Test
    void eachSummaryIsOneSentenceOnOneRowOfTheListing() {
        String listing = usage(Main.commandLine());
        for (var e : Main.commandLine().getSubcommands().entrySet()) {
            if (e.getValue().getCommand() instanceof CommandLine.HelpCommand) continue;
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            String summary = description.length == 0 ? "" : description[0];
            assertTrue(summary.endsWith(".") && !summary.substring(0, summary.length() - 1).contains(". "),
                    "nslab " + e.getKey() + ": the first element of @Command(description) is the summary that `nslab --help` lists:"
                            + " make it one whole sentence ending in '.', and put the rest in the next elements (was \"" + summary + "\")");
            assertTrue(listing.lines().anyMatch(l -> l.matches("  " + e.getKey() + " +" + java.util.regex.Pattern.quote(summary))),
                    "nslab " + e.getKey() + ": its summary \"" + summary + "\" does not fit on its row of `nslab --help`"
                            + " (" + WIDTH + " columns): shorten the first element of its @Command(description)");
        }
    }

    @Test
    void everyCommandHasAnExampleThatNslabReads() {
        for (var e : helps().entrySet()) {
            if (e.getKey().equals("help")) continue;
            List<List<String>> examples = examples(e.getValue());
            assertTrue(!examples.isEmpty(), "`nslab " + e.getKey() + " --help` has no example: add to its @Command(footer) an"
                    + " \"Examples:\" line, then pairs of \"  # what it does\" and \"  sudo nslab " + e.getKey() + " ...\"");
            for (List<String> words : examples) {
                String name = e.getKey().isEmpty() ? words.get(0) : e.getKey();
                assertEquals(name, words.get(0), "an example of `nslab " + e.getKey() + " --help` runs another command: " + words);
                try {
                    Main.commandLine().parseArgs(words.toArray(String[]::new));
                } catch (CommandLine.ParameterException ex) {
                    fail("the example `nslab " + String.join(" ", words) + "` of `nslab " + e.getKey() + " --help` is not a valid"
                            + " command line: " + ex.getMessage());
                }
            }
        }
    }

    @Test
    void theExampleReaderFindsEachForm() {
        String footer = "\nExamples:\n  # one\n  sudo nslab exec -l lab web sh -c 'echo a b'\n  # two\n"
                + "  echo hi | sudo nslab exec -i web cat\n  nslab explain x.json > b.sh; sudo sh b.sh\n  source <(nslab completion bash)\n\nExit codes: 0\n";
        assertEquals(List.of(List.of("exec", "-l", "lab", "web", "sh", "-c", "echo a b"), List.of("exec", "-i", "web", "cat"),
                List.of("explain", "x.json"), List.of("completion", "bash")), examples(footer));
    }

    /** Each command's help (and nslab's own, under ""), as `nslab COMMAND --help` prints it. */
    private static java.util.Map<String, String> helps() {
        var helps = new java.util.LinkedHashMap<String, String>();
        CommandLine nslab = Main.commandLine();
        helps.put("", usage(nslab));
        nslab.getSubcommands().forEach((name, cl) -> helps.put(name, usage(cl)));
        return helps;
    }

    private static String usage(CommandLine cl) {
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * The nslab command lines of the examples in a help text: the lines after "Examples:" up to a
     * blank one, comments (#) left out; of each, the words after "nslab" up to a pipe, a
     * redirection or the end of the command.
     */
    static List<List<String>> examples(String help) {
        List<List<String>> examples = new ArrayList<>();
        int at = help.indexOf("\nExamples:\n");
        if (at < 0) return examples;
        for (String line : help.substring(at + "\nExamples:\n".length()).split("\n")) {
            if (line.isBlank()) break;
            if (line.trim().startsWith("#")) continue;
            // a process substitution, <(nslab ...): its words
            List<String> words = words(line.trim()).stream().map(w -> w.replaceFirst("^<\\(", "").replaceFirst("\\)$", "")).toList();
            int nslab = words.indexOf("nslab");
            if (nslab < 0) {
                examples.add(List.of("(no nslab in: " + line.trim() + ")"));
                continue;
            }
            List<String> args = new ArrayList<>();
            for (String w : words.subList(nslab + 1, words.size())) {
                if (w.equals("|") || w.equals(">") || w.equals(";") || w.equals("&&")) break;
                args.add(w);
            }
            examples.add(args);
        }
        return examples;
    }

    /** Words as a POSIX shell splits them, for what examples use: blanks, single quotes, and ; glued to a word. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && (c == ' ' || c == ';')) {
                if (any) words.add(w.toString());
                if (c == ';') words.add(";");
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) words.add(w.toString());
        return words;
    }
}
