package io.nslab.cli.commands;

import picocli.CommandLine.Option;

/**
 * {@code -l/--lab LAB}, for the commands that name a node of a running lab (exec, inspect, capture,
 * link): optional, since with one lab up there is nothing to choose. A picocli mixin, so each of
 * them says {@code @Mixin LabOption lab} instead of declaring its own.
 */
public final class LabOption {
    @Option(names = {"-l", "--lab"}, paramLabel = "LAB", description = "the lab (default: the only lab that is up)")
    String name;

    /** The lab given, or null for the only one that is up. */
    public String name() { return name; }
}
