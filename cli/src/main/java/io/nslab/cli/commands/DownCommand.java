package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Remove a lab and everything it created.")
public final class DownCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("down");
    }
}
