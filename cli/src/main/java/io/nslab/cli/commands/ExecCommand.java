package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command inside a node (like docker exec).")
public final class ExecCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("exec");
    }
}
