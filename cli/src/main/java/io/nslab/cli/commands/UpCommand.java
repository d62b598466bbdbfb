package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "up", mixinStandardHelpOptions = true, description = "Build a lab from its file: namespaces, links, bridges, NAT, nodes and services.")
public final class UpCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("up");
    }
}
