package io.nslab.cli.manual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.Main;
import io.nslab.cli.dist.ManPages;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The manual pages the build writes render: groff reads each without a warning ({@code -ww}),
 * and {@code man -l} shows its name, summary, every option, every example and the exit codes
 * as {@code --help} has them.
 */
class ManPagesTest {
    @TempDir Path dir;

    record Out(int code, String out, String err) {}

    private static Out run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // Small outputs: read one stream, then the other.
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        return new Out(p.exitValue(), out, err);
    }

    @Test
    void everyPageRendersWithoutAWarningAndSaysWhatHelpSays() throws Exception {
        List<Path> pages = ManPages.write(dir);
        CommandLine nslab = Main.commandLine();
        assertEquals(nslab.getSubcommands().size(), pages.size(), "nslab.1 and one page a command (help has none)");
        for (Path page : pages) {
            Out groff = run(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
            assertEquals(new Out(0, "", ""), groff, page + ": groff");

            Out man = run(Map.of("MANWIDTH", "100", "MAN_KEEP_FORMATTING", ""), "man", "-l", page.toString());
            assertEquals(0, man.code(), man.err());
            String text = man.out().replaceAll(".\b", "");
            String name = page.getFileName().toString().replace(".1", "");
            CommandLine cl = name.equals("nslab") ? nslab : nslab.getSubcommands().get(name.substring("nslab-".length()));
            String summary = cl.getCommandSpec().usageMessage().description()[0];
            for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXAMPLES", "EXIT STATUS")) {
                assertTrue(text.contains("\n" + section + "\n"), page + " has no " + section + ":\n" + text);
            }
            assertTrue(text.replaceAll("\\s+", " ").contains(name + " - " + summary.strip()), page + ": " + text);
            for (OptionSpec o : cl.getCommandSpec().options()) {
                for (String n : o.names()) assertTrue(text.matches("(?s).*[ ,]" + java.util.regex.Pattern.quote(n) + "[ ,\n].*"), page + ": " + n);
            }
            for (String example : cl.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\nExamples:\n")[1].split("\n\n")[0].split("\n")) {
                assertTrue(text.contains(example.strip()), page + ": the example \"" + example.strip() + "\":\n" + text);
            }
        }
    }

    @Test
    void textThatLooksLikeRoffIsShownAsWritten() {
        assertEquals("\\&.hidden a\\ebackslash", ManPage.text(".hidden a\\backslash"));
        assertEquals("\\-\\-json", ManPage.code("--json"));
    }
}
