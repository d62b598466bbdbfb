package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** tshark, the independent witness of what nslab capture writes. */
public final class Tshark {
    private Tshark() {}

    /** {@code tshark -r FILE ARGS}: its output; any warning on stderr fails the test. */
    public static String read(Path file, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor(), "tshark: " + err);
        String warnings = err.lines().filter(l -> !l.startsWith("Running as user \"root\"")).reduce("", (a, b) -> a + b + "\n");
        assertEquals("", warnings, "tshark reads " + file + " without a warning");
        return out;
    }
}
