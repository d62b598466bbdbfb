package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Check that this machine can run nslab labs.")
public final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("doctor");
    }
}
