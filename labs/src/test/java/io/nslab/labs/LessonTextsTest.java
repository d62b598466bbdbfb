package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.labs.lessons.LessonRun;
import io.nslab.netlink.testing.KernelTest;

/**
 * The lessons' texts hold: every command of every labs/NAME.md is run against a fresh lab of
 * labs/NAME.json, in the order the text gives, and prints what the text shows
 * ({@link io.nslab.labs.lessons.LessonRun}). Lessons run three at a time, each in a state
 * root of its own; one dynamic test per lesson, failing with every drift the lesson has.
 */
@KernelTest
class LessonTextsTest {
    /** Labs mostly wait (on the kernel, on a ping); three at once keep this machine's 2 cores busy without starving a lesson's timing. */
    private static final int AT_ONCE = 3;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(AT_ONCE);

    @TempDir static Path tmp;

    static List<Path> lessons() throws Exception {
        try (Stream<Path> files = Files.list(Nslab.repo().resolve("labs"))) {
            return files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> Files.exists(Path.of(f.toString().replaceFirst("\\.md$", ".json"))))
                    // the longest texts first, so the pool's last minutes are not one long lesson alone
                    .sorted(Comparator.comparingLong((Path f) -> f.toFile().length()).reversed()).toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommandOfEveryLessonPrintsWhatItsTextShows() throws Exception {
        Nslab.launcher(Map.of(), 600, "--version"); // the launcher builds nslab once, before lessons race to it
        List<Path> all = lessons();
        assertTrue(all.size() >= 10, "the lessons under labs/: " + all);
        // -Dnslab.lessons=bridge,mnt: only those (while writing a lesson); the suite runs them all
        String only = System.getProperty("nslab.lessons");
        List<Path> lessons = only == null ? all
                : all.stream().filter(l -> List.of(only.split(",")).contains(l.getFileName().toString().replace(".md", ""))).toList();
        List<Future<List<String>>> runs = lessons.stream().map(lesson -> POOL.submit(() -> {
            String name = lesson.getFileName().toString().replace(".md", "");
            long start = System.nanoTime();
            List<String> failures = LessonRun.run(Nslab.repo(), lesson, Files.createDirectories(tmp.resolve(name)));
            System.out.printf("labs/%s.md: %.1f s, %d drift(s)%n", name, (System.nanoTime() - start) / 1e9, failures.size());
            return failures;
        })).toList();
        return lessons.stream().map(lesson -> DynamicTest.dynamicTest(lesson.getFileName().toString(), () -> {
            List<String> failures = runs.get(lessons.indexOf(lesson)).get();
            assertTrue(failures.isEmpty(), "labs/" + lesson.getFileName() + " drifted from what nslab prints ("
                    + failures.size() + "):\n\n" + String.join("\n\n", failures));
        }));
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }
}
