package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the labs that are up.")
public final class LsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("ls");
    }
}
