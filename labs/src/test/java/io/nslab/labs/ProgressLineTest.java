package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.netlink.testing.KernelTest;

/**
 * The progress line of {@code up} and {@code down}: on a terminal (a pseudo-terminal that
 * {@code script} makes), one line rewritten in place and erased before the result; nothing of it
 * into a pipe or a file, nor with {@code --json}. NSLAB_PROGRESS_AFTER_MS=0 shows it at once (a
 * lab this small is up in well under the second a user waits before it shows).
 */
@KernelTest
class ProgressLineTest {
    private static final Map<String, String> AT_ONCE = Map.of("NSLAB_PROGRESS_AFTER_MS", "0");
    private static final String ERASE = "\033[K";
    @TempDir Path tmp;

    /** nslab ARGS with a terminal for its standard input and output; what the terminal got. */
    private static Nslab.Run onTerminal(String... args) throws Exception {
        ProcessBuilder nslab = Nslab.builder(null, AT_ONCE, args);
        String command = nslab.command().stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        ProcessBuilder script = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true);
        script.environment().putAll(nslab.environment());
        script.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = script.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        return new Nslab.Run(p.waitFor(), out, "");
    }

    @Test
    void onATerminalUpAndDownShowHowFarTheyAreThenEraseIt() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        try {
            Nslab.Run up = onTerminal("up", file.toString());
            assertEquals(0, up.code(), up.out());
            // shown before the first step: nothing done yet of the lab's namespaces, links, 3 nodes and its services supervisor
            assertTrue(Pattern.compile("\rup " + lab + ": namespaces 0/[1-9][0-9]*, links 0/[1-9][0-9]*, nodes 0/3, services 0/1\033\\[K")
                    .matcher(up.out()).find(), up.out());
            assertTrue(up.out().contains(ERASE + "\r" + ERASE + "lab " + lab + " is up"), "erased before the result: " + up.out());

            Nslab.Run down = onTerminal("down", lab);
            assertEquals(0, down.code(), down.out());
            assertTrue(down.out().contains("\rdown " + lab + ": "), down.out());
            assertTrue(down.out().contains(ERASE + "\r" + ERASE + "lab " + lab + " is down"), "erased before the result: " + down.out());
        } finally {
            Nslab.run("down", lab);
        }
        LabTraces.assertNone(lab, lab, List.of());
    }

    @Test
    void intoAFileOrWithJsonThereIsNoLine() throws Exception {
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, tmp);
        try {
            Nslab.Run up = Nslab.process(AT_ONCE, "up", file.toString());
            assertEquals(0, up.code(), up.toString());
            assertFalse(up.out().contains("\r") || up.out().contains(ERASE), up.out());
            assertTrue(up.out().startsWith("lab " + lab + " is up"), up.out());

            Nslab.Run down = onTerminal("down", "--json", lab);
            assertEquals(0, down.code(), down.out());
            assertFalse(down.out().contains(ERASE), down.out());
            // the terminal ends lines with \r\n: the one line of JSON, whole
            assertEquals(lab, new ObjectMapper().readTree(down.out().strip()).get("lab").asText());
        } finally {
            Nslab.run("down", lab);
        }
        LabTraces.assertNone(lab, lab, List.of());
    }
}
