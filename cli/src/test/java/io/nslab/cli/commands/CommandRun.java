package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.nslab.cli.Main;
import picocli.CommandLine;

/** Runs nslab in-process with its stdout and stderr captured. */
record CommandRun(int code, String out, String err) {
    static final Path LABS = Path.of(System.getProperty("nslab.root", "."), "labs");

    static CommandRun nslab(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
