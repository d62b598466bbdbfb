package io.nslab.cli.commands;

import picocli.CommandLine.Option;

/**
 * {@code --json}, one option for every command that reports: the same name, the same help, the
 * same meaning (one compact JSON object on stdout, snake_case keys; the shapes are in docs/json.md).
 * A picocli mixin, so a command says {@code @Mixin JsonOption json} instead of declaring its own.
 */
public final class JsonOption {
    @Option(names = "--json", description = "print the result as JSON on stdout (see docs/json.md)")
    boolean on;

    public boolean on() { return on; }
}
