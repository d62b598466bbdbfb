package io.nslab.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.cli.Main;
import io.nslab.cli.PlainForms;
import picocli.CommandLine;

/** exec's, up's and down's plain forms, read without picocli, read as picocli reads them; the rest is left to picocli. */
class PlainFormsTest {
    @Test
    void upReadsAsPicocliReadsIt() {
        for (List<String> args : List.of(List.of("up", "labs/bridge.json"), List.of("up", "--json", "a.json"),
                List.of("up", "a.json", "--on-host", "--json"), List.of("up", "--on-host", "lab with spaces.json"))) {
            UpCommand fast = PlainForms.up(args.toArray(String[]::new)).orElseThrow(() -> new AssertionError(args));
            UpCommand slow = picocli(args);
            assertEquals(slow.file, fast.file, args.toString());
            assertEquals(slow.onHost, fast.onHost, args.toString());
            assertEquals(slow.json.on(), fast.json.on(), args.toString());
        }
    }

    @Test
    void execReadsAsPicocliReadsIt() {
        for (List<String> args : List.of(
                List.of("exec", "web", "true"),
                List.of("exec", "-l", "lab", "web", "ls", "-l", "/"),
                List.of("exec", "--lab", "lab", "web", "ls", "-l", "/"),
                List.of("exec", "-i", "web", "cat"),
                List.of("exec", "-it", "web", "sh"),
                List.of("exec", "-t", "-i", "-l", "lab", "web", "sh", "-c", "exit 3"),
                List.of("exec", "-ti", "web", "--", "x"),
                List.of("exec", "-e", "A=1", "--env", "B=", "-e", "A=2", "-e", "PATH", "web", "env"),
                List.of("exec", "-w", "/srv", "-u", "www-data:www-data", "web", "id"),
                List.of("exec", "--workdir", "/", "--user", "0", "-l", "lab", "-it", "web", "sh"))) {
            ExecCommand fast = PlainForms.exec(args.toArray(String[]::new)).orElseThrow(() -> new AssertionError(args));
            CommandLine cli = Main.commandLine();
            CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            ExecCommand slow = parsed.subcommand().commandSpec().commandLine().getCommand();
            assertEquals(slow.lab.name(), fast.lab.name(), args.toString());
            assertEquals(slow.interactive, fast.interactive, args.toString());
            assertEquals(slow.tty, fast.tty, args.toString());
            assertEquals(slow.node, fast.node, args.toString());
            assertEquals(slow.command, fast.command, args.toString());
            assertEquals(slow.env, fast.env, args.toString());
            assertEquals(slow.workdir, fast.workdir, args.toString());
            assertEquals(slow.user, fast.user, args.toString());
        }
    }

    @Test
    void downReadsAsPicocliReadsIt() {
        for (List<String> args : List.of(List.of("down", "bridge"), List.of("down", "labs/bridge.json"))) {
            DownCommand fast = PlainForms.down(args.toArray(String[]::new)).orElseThrow(() -> new AssertionError(args));
            DownCommand slow = picocli(args);
            assertEquals(slow.which.lab, fast.which.lab, args.toString());
            assertEquals(slow.which.all, fast.which.all, args.toString());
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("up"), List.of("up", "--help"), List.of("up", "-h"),
                List.of("up", "a.json", "b.json"), List.of("up", "--json"), List.of("up", "--jsn", "a.json"),
                List.of("up", "--json", "--json", "a.json"), List.of("up", "-", "x"), List.of("up", "a\0.json"),
                List.of("down"), List.of("down", "--all"), List.of("down", "a", "b"), List.of("down", "--help"),
                List.of("down", "-x"), List.of("down", "--json", "a"), List.of("down", "a", "--json"), List.of("ls"),
                List.of("validate", "a.json"), List.of("--version"), List.of("--version", "--json"))) {
            assertTrue(PlainForms.read(args.toArray(String[]::new)).isEmpty(), args.toString());
        }
        // and what picocli says of those is an error, or help: nothing the plain forms should have run
        assertThrows(CommandLine.ParameterException.class, () -> picocli(List.of("up", "--json", "--json", "a.json")));
    }

    @Test
    void execLeavesEverythingElseToPicocli() {
        for (List<String> args : List.of(
                List.of("exec"), List.of("exec", "web"), List.of("exec", "--help"), List.of("exec", "-h", "web", "x"),
                List.of("exec", "-x", "web", "true"), List.of("exec", "-l"), List.of("exec", "-l", "web", "true"),
                List.of("exec", "-l", "-i", "web", "true"), List.of("exec", "-llab", "web", "true"),
                List.of("exec", "-l", "a", "-l", "b", "web", "true"), List.of("exec", "--", "web", "true"),
                List.of("exec", "-i", "web"), List.of("up", "lab.json", "x"),
                List.of("exec", "-eA=1", "web", "env"), List.of("exec", "-e", "web", "env"), List.of("exec", "-e", "-x", "web", "env"),
                List.of("exec", "-w", "/a", "-w", "/b", "web", "pwd"), List.of("exec", "-u", "a", "--user", "b", "web", "id"),
                List.of("exec", "--workdir=/srv", "web", "pwd"), List.of("exec", "-u", "-1", "web", "id"))) {
            assertTrue(PlainForms.read(args.toArray(String[]::new)).isEmpty(), args.toString());
        }
        ExecCommand plain = PlainForms.exec("exec", "web", "true").orElseThrow();
        assertNull(plain.lab.name());
        assertFalse(plain.interactive || plain.tty);
    }
    @SuppressWarnings("unchecked")
    private static <T> T picocli(List<String> args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        return (T) parsed.subcommand().commandSpec().userObject();
    }
}
