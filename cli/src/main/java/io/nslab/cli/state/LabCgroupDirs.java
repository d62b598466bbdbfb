package io.nslab.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.nslab.cli.launch.CgroupTree;

import io.nslab.topology.plan.CgroupPaths;

/**
 * The lab's cgroup directories, one per hierarchy, one a line of the state's {@code cgroups}
 * file (empty where the machine mounts no cgroups). Written by up for the launcher, which runs
 * {@code nslab exec} without a JVM (see {@code ./nslab}) and puts the command in NODE below each
 * of them, as {@code NodeExec.cgroupOf} does: reading the machine's mounts itself would cost a
 * process, or a pass over a mount table that holds every namespace pin of every lab.
 */
public final class LabCgroupDirs {
    private LabCgroupDirs() {}

    public static void write(StateDir state) {
        StringBuilder lines = new StringBuilder();
        for (Path dir : of(state.lab())) lines.append(dir).append('\n');
        try {
            Files.writeString(state.cgroups(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + state.cgroups() + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> of(String lab) {
        try {
            return CgroupTree.here().dirs(CgroupPaths.lab(lab));
        } catch (RuntimeException e) {
            return List.of(); // no cgroups here: exec joins none, as NodeExec.cgroupOf then finds none
        }
    }
}
