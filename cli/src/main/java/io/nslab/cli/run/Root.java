package io.nslab.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nslab.cli.NslabException;

/** Building labs takes root (CAP_SYS_ADMIN and CAP_NET_ADMIN); say so in one line, before anything is done. */
public final class Root {
    private Root() {}

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public static void require(String command) {
        if (!isRoot()) throw NslabException.system("nslab " + command + ": needs root (try: sudo nslab " + command + " ...)");
    }
}
