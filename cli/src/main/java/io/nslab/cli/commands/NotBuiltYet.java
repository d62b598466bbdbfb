package io.nslab.cli.commands;

import io.nslab.cli.NslabException;

/** Commands that exist in the design but not yet in the code say so, rather than pretend. */
final class NotBuiltYet {
    private NotBuiltYet() {}

    static NslabException of(String command) {
        return NslabException.system("nslab " + command + ": not built yet in this version of nslab");
    }
}
