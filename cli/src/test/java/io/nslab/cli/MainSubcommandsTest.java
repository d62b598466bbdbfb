package io.nslab.cli;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.launch.Version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainSubcommandsTest {
    @Test
    void eachSubcommandIsListedUnderItsOwnName() {
        Main.SUBCOMMANDS.forEach((name, c) -> assertEquals(name, c.getAnnotation(Command.class).name(), c.getName()));
        assertEquals(List.copyOf(Main.SUBCOMMANDS.keySet()), List.copyOf(Main.commandLine().getSubcommands().keySet()));
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("exec"), Main.commandLine("exec", "-l", "lab", "n1", "true").getSubcommands().keySet());
        assertEquals(Set.of("pingall"), Main.commandLine("pingall", "--json").getSubcommands().keySet());
    }

    @Test
    void helpNoSubcommandOrAnUnknownOneGetThemAll() {
        int all = Main.commandLine().getSubcommands().size();
        assertEquals(21, all);
        assertEquals(all, Main.commandLine("help", "exec").getSubcommands().size());
        assertEquals(all, Main.commandLine("--help").getSubcommands().size());
        assertEquals(all, Main.commandLine().getSubcommands().size());
        assertEquals(all, Main.commandLine("nosuch").getSubcommands().size());
    }

    @Test
    void nslabAloneListsEveryCommandAsHelpDoes() {
        Run alone = run(), help = run("--help");
        assertEquals(0, alone.code());
        assertEquals(help.out(), alone.out());
        for (String name : Main.SUBCOMMANDS.keySet()) assertTrue(alone.out().contains("\n  " + name + " "), name);
    }

    @Test
    void anUnknownCommandIsOneClearError() {
        Run unknown = run("zzzzzz", "x");
        assertEquals(ExitCode.BAD_INPUT, unknown.code());
        assertEquals("nslab: Unmatched arguments from index 0: 'zzzzzz', 'x'\nTry 'nslab --help'.\n", unknown.err());
    }

    @Test
    void aMistypedCommandGetsPicocliSuggestion() {
        Run typo = run("statsu", "bridge");
        assertEquals(ExitCode.BAD_INPUT, typo.code());
        assertTrue(typo.err().contains("\nDid you mean: nslab status"), typo.err());
        assertTrue(typo.err().endsWith("Try 'nslab --help'.\n"), typo.err());
    }

    @Test
    void aMistypedOptionGetsPicocliSuggestion() {
        for (List<String> line : List.of(List.of("ls"), List.of("status", "bridge"), List.of("pingall", "bridge"),
                List.of("up", "labs/bridge.json"), List.of("validate", "labs/bridge.json"))) {
            String command = line.get(0);
            List<String> args = new java.util.ArrayList<>(line);
            args.add(1, "--jsno");
            Run typo = run(args.toArray(String[]::new));
            assertEquals(ExitCode.BAD_INPUT, typo.code(), command);
            assertTrue(typo.err().startsWith("nslab: Unknown option: '--jsno'\nPossible solutions: --json\n"), command + ": " + typo.err());
            assertTrue(typo.err().endsWith("Try 'nslab " + command + " --help'.\n"), typo.err());
        }
        // the plain form of exec leaves a misspelt option to picocli, which suggests the right one
        Run exec = run("exec", "--labs", "bridge", "web", "true");
        assertTrue(exec.err().contains("Possible solutions: --lab"), exec.err());
    }

    @Test
    void theVersionNamesTheCommitItWasBuiltFrom() {
        Run version = run("--version");
        assertEquals(0, version.code());
        String commit = Version.commit();
        assertTrue(commit.matches("[0-9a-f]{12}(-dirty)?|.*-g[0-9a-f]{12}(-dirty)?"), commit);
        assertTrue(version.out().startsWith("nslab " + Version.version() + " (commit " + commit + ")\n"), version.out());
        // ...the commit of this checkout (the build that runs this test wrote it): git's own HEAD, as a witness
        String head = git("rev-parse", "HEAD");
        String hash = commit.replaceFirst("^.*-g", "").replaceFirst("-dirty$", "");
        assertTrue(head.startsWith(hash), "nslab --version says commit " + commit + ", git says HEAD is " + head);
    }

    private static String git(String... args) {
        try {
            java.util.List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", ".."));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
            return out;
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine(args);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aSubcommandBuiltAloneKeepsTheErrorPolicy() {
        // nslab's handler turns the command's NslabException into its exit code (2);
        // picocli's default would exit 1 with a stack trace.
        assertEquals(ExitCode.BAD_INPUT, Main.run("pingall", "--timeout", "0"));
    }
}
