package io.nslab.cli.commands;

import java.io.PrintWriter;

import picocli.CommandLine.Model.CommandSpec;

/** Where a command prints: picocli's writers when picocli ran it, this process's stdout and stderr otherwise (a plain form, see PlainForms). */
final class Output {
    private Output() {}

    static PrintWriter out(CommandSpec spec) {
        return spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    }

    static PrintWriter err(CommandSpec spec) {
        return spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    }
}
