package io.nslab.cli.labfile;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;

import java.nio.file.Path;

import io.nslab.topology.LabException;
import io.nslab.topology.LabParser;
import io.nslab.topology.model.Lab;

/**
 * Reads a lab file for a command. A bad file becomes a {@link NslabException} with exit
 * code 2 whose message is every error of the file, one {@code FILE: PATH: what is wrong}
 * per line, so it reaches the user without a stack trace.
 */
public final class LabFiles {
    private LabFiles() {}

    public static Lab load(Path file) {
        try {
            return LabParser.parse(file);
        } catch (LabException e) {
            throw new NslabException(ExitCode.BAD_INPUT, e.getMessage(), e);
        }
    }
}
