package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "test", mixinStandardHelpOptions = true, description = "Up, check and down in one go.")
public final class TestCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("test");
    }
}
