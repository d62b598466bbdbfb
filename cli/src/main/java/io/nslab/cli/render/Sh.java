package io.nslab.cli.render;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting, for the scripts {@code explain} prints. */
final class Sh {
    private Sh() {}

    /** {@code s} as one shell word: as is when it is plainly safe, else in single quotes. */
    static String q(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String words(List<String> argv) {
        return argv.stream().map(Sh::q).collect(Collectors.joining(" "));
    }
}
