package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a lab file without building it.")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("validate");
    }
}
