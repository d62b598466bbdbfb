package io.nslab.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.cli.Main;
import picocli.CommandLine;

/** exec's plain forms, read without picocli, read as picocli reads them; the rest is left to picocli. */
class ExecArgsTest {
    @Test
    void plainFormsReadAsPicocliReadsThem() {
        for (List<String> args : List.of(
                List.of("exec", "web", "true"),
                List.of("exec", "-l", "lab", "web", "ls", "-l", "/"),
                List.of("exec", "-i", "web", "cat"),
                List.of("exec", "-it", "web", "sh"),
                List.of("exec", "-t", "-i", "-l", "lab", "web", "sh", "-c", "exit 3"),
                List.of("exec", "-ti", "web", "--", "x"))) {
            ExecCommand fast = ExecArgs.read(args.toArray(String[]::new)).orElseThrow(() -> new AssertionError(args));
            CommandLine cli = Main.commandLine();
            CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            ExecCommand slow = parsed.subcommand().commandSpec().commandLine().getCommand();
            assertEquals(slow.lab, fast.lab, args.toString());
            assertEquals(slow.interactive, fast.interactive, args.toString());
            assertEquals(slow.tty, fast.tty, args.toString());
            assertEquals(slow.node, fast.node, args.toString());
            assertEquals(slow.command, fast.command, args.toString());
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        for (List<String> args : List.of(
                List.of("exec"), List.of("exec", "web"), List.of("exec", "--help"), List.of("exec", "-h", "web", "x"),
                List.of("exec", "-x", "web", "true"), List.of("exec", "-l"), List.of("exec", "-l", "web", "true"),
                List.of("exec", "-l", "-i", "web", "true"), List.of("exec", "-llab", "web", "true"),
                List.of("exec", "-l", "a", "-l", "b", "web", "true"), List.of("exec", "--", "web", "true"),
                List.of("exec", "-i", "web"), List.of("up", "lab.json", "x"))) {
            assertTrue(ExecArgs.read(args.toArray(String[]::new)).isEmpty(), args.toString());
        }
        ExecCommand plain = ExecArgs.read("exec", "web", "true").orElseThrow();
        assertNull(plain.lab);
        assertFalse(plain.interactive || plain.tty);
    }
}
