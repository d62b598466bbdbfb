package io.nslab.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.cli.Main;
import picocli.CommandLine;

/** up's and down's plain forms, read without picocli, read as picocli reads them; the rest is left to picocli. */
class PlainFormsTest {
    @Test
    void upReadsAsPicocliReadsIt() {
        for (List<String> args : List.of(List.of("up", "labs/bridge.json"), List.of("up", "--json", "a.json"),
                List.of("up", "a.json", "--on-host", "--json"), List.of("up", "--on-host", "lab with spaces.json"))) {
            UpCommand fast = PlainForms.up(args.toArray(String[]::new)).orElseThrow(() -> new AssertionError(args));
            UpCommand slow = picocli(args);
            assertEquals(slow.file, fast.file, args.toString());
            assertEquals(slow.onHost, fast.onHost, args.toString());
            assertEquals(slow.json, fast.json, args.toString());
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
                List.of("down", "-x"), List.of("ls"), List.of("validate", "a.json"), List.of("--version"))) {
            assertTrue(PlainForms.read(args.toArray(String[]::new)).isEmpty(), args.toString());
        }
        // and what picocli says of those is an error, or help: nothing the plain forms should have run
        assertThrows(CommandLine.ParameterException.class, () -> picocli(List.of("up", "--json", "--json", "a.json")));
    }

    @SuppressWarnings("unchecked")
    private static <T> T picocli(List<String> args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        return (T) parsed.subcommand().commandSpec().userObject();
    }
}
