package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "graph", mixinStandardHelpOptions = true, description = "Print a lab's topology as dot or mermaid.")
public final class GraphCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("graph");
    }
}
