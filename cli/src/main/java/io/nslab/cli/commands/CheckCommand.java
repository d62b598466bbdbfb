package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Run a lab's checks against the running lab.")
public final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("check");
    }
}
