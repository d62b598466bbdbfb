package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a running lab: nodes, PIDs, addresses, published ports, services.")
public final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("status");
    }
}
