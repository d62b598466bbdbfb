package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print a lab as the equivalent ip/nft/unshare shell script.")
public final class ExplainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw NotBuiltYet.of("explain");
    }
}
