package io.nslab.labs.help;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.Main;
import io.nslab.labs.Nslab;
import io.nslab.netlink.testing.KernelTest;

/**
 * Every example of every command's {@code --help} is run, as a user would paste it into a
 * shell, against a throwaway copy of the bridge lesson ({@link ExampleRun}): none is left out,
 * so a command added later is run too. The examples speak of the bridge lesson: lab
 * {@code bridge} ({@code labs/bridge.json}, {@code labs/bridge.yaml}), its nodes web, client
 * and isp, its host side's wan0 and nslab0; or of the lesson they name ({@code labs/ospf.json},
 * {@code -l dns}), whose copy is then the lab. An example that says it runs "until Ctrl-C" must
 * still run after a few seconds and end cleanly on Ctrl-C; every other one must end by itself
 * with exit code 0. Examples run three at a time, as lessons do: each has a namespace playing the
 * machine, a state root and a lab of its own, and most of an example's time is waiting (for a
 * JVM, the kernel, the seconds an example that runs until Ctrl-C must last).
 */
@KernelTest
class HelpExamplesTest {
    private static final int AT_ONCE = 3;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(AT_ONCE);

    @TempDir static Path tmp;

    @Test
    void everyCommandHasExamplesToRun() {
        List<HelpExample> all = HelpExample.all(Main.commandLine());
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) continue;
            assertTrue(all.stream().anyMatch(e -> e.command().equals(command)), "nslab " + command + " --help has no example");
        }
        assertFalse(all.stream().anyMatch(e -> e.comment().isEmpty()), "an example without its '# what it does' line: " + all);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRunsInAThrowawayLab() throws Exception {
        Nslab.launcher(Map.of(), 600, "--version"); // the launcher builds nslab once, before any example is timed
        List<HelpExample> all = HelpExample.all(Main.commandLine());
        List<Future<Void>> runs = all.stream().map(e -> POOL.submit((Callable<Void>) () -> {
            ExampleRun.run(e, Nslab.repo(), tmp.resolve(Integer.toString(all.indexOf(e))));
            return null;
        })).toList();
        return all.stream().map(e -> DynamicTest.dynamicTest(e.toString(), () -> {
            try {
                runs.get(all.indexOf(e)).get();
            } catch (ExecutionException failed) {
                throw failed.getCause();
            }
        }));
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }
}
