package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a node's init PID and namespaces (like ls -l /proc/PID/ns).")
public final class InspectCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("inspect");
    }
}
