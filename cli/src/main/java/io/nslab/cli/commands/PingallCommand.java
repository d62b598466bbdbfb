package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "pingall", mixinStandardHelpOptions = true, description = "Every node pings every other node.")
public final class PingallCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("pingall");
    }
}
