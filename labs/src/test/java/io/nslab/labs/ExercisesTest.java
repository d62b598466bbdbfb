package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * Every exercise is graded by {@code nslab test}: labs/exercises/NAME.json as given fails, with
 * a hint under each failed check, and labs/answers/NAME.json (the same lab, completed) passes,
 * or, for an exercise solved in the running lab, labs/answers/NAME.sh typed into it does.
 * Each runs as a lab of its own name ({@code nst-}...), three at a time, each {@code test} a JVM
 * of its own as a student's would be; nothing of either run may be left.
 */
@KernelTest
class ExercisesTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

    @TempDir static Path tmp;

    static List<Path> exercises() throws Exception {
        try (Stream<Path> files = Files.list(Nslab.repo().resolve("labs/exercises"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private record Graded(String lab, Nslab.Run run) {}

    private static Future<Graded> grade(Path file) {
        return POOL.submit(() -> {
            String lab = Nslab.uniqueName();
            Nslab.Run run = Nslab.process(Map.of(), "test", Nslab.copyAs(file, lab, Files.createTempDirectory(tmp, lab)).toString());
            return new Graded(lab, run);
        });
    }

    /**
     * An answer typed into the running lab, labs/answers/NAME.sh (firewall rules a student types
     * with {@code nslab exec}): the exercise brought up, the script's commands run from the
     * repository's root as a student would type them (its {@code -l NAME} naming this run's lab),
     * then graded by {@code nslab check}, and brought down whatever happened.
     */
    private static Future<Graded> typed(Path exercise, Path script) {
        return POOL.submit(() -> {
            String lab = Nslab.uniqueName();
            Path file = Nslab.copyAs(exercise, lab, Files.createTempDirectory(tmp, lab));
            try {
                Nslab.Run up = Nslab.process(Map.of(), "up", file.toString());
                if (up.code() != 0) return new Graded(lab, up);
                String given = exercise.getFileName().toString().replaceFirst("\\.json$", "");
                Nslab.launcher(Map.of(), 600, "--version"); // the script's ./nslab: built once, before it is timed
                String commands = Files.readString(script).replace("sudo ./nslab", "./nslab")
                        .replaceAll("-l " + Pattern.quote(given) + "\\b", "-l " + lab);
                Path out = Files.createTempFile(tmp, lab, ".out");
                Process typing = new ProcessBuilder("bash", "-e", "-c", commands).directory(Nslab.repo().toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!typing.waitFor(120, TimeUnit.SECONDS)) typing.destroyForcibly();
                int code = typing.isAlive() ? -1 : typing.waitFor();
                if (code != 0) return new Graded(lab, new Nslab.Run(code, "", script + " failed:\n" + Files.readString(out)));
                return new Graded(lab, Nslab.process(Map.of(), "check", lab));
            } finally {
                Nslab.process(Map.of(), "down", lab);
            }
        });
    }

    /** labs/answers/NAME.json (the lab, completed) or NAME.sh (typed into the running lab). */
    private static Future<Graded> answer(Path exercise) {
        Path answers = Nslab.repo().resolve("labs/answers"), name = exercise.getFileName();
        Path script = answers.resolve(name.toString().replaceFirst("\\.json$", ".sh"));
        return Files.exists(script) ? typed(exercise, script) : grade(answers.resolve(name));
    }

    @TestFactory
    Stream<DynamicTest> eachExerciseFailsAsGivenWithHintsAndPassesWithItsAnswer() throws Exception {
        List<Path> all = exercises();
        assertTrue(all.size() >= 10, "an exercise for most lessons: " + all);
        // -Dnslab.exercises=capture-1,pid-2: only those (while writing an exercise); the suite grades them all
        String only = System.getProperty("nslab.exercises");
        List<Path> exercises = only == null ? all
                : all.stream().filter(e -> List.of(only.split(",")).contains(e.getFileName().toString().replace(".json", ""))).toList();
        List<Future<Graded>> given = exercises.stream().map(ExercisesTest::grade).toList();
        List<Future<Graded>> answered = exercises.stream().map(ExercisesTest::answer).toList();
        return exercises.stream().map(e -> DynamicTest.dynamicTest(e.getFileName().toString(), () -> {
            int i = exercises.indexOf(e);
            Graded before = given.get(i).get(), after = answered.get(i).get();
            assertEquals(1, before.run().code(), "labs/exercises/" + e.getFileName() + " must fail as given:\n" + before.run());
            List<String> lines = before.run().out().lines().toList();
            long fails = lines.stream().filter(l -> l.startsWith("FAIL")).count();
            assertTrue(fails > 0, before.run().toString());
            for (int k = 0; k < lines.size(); k++) {
                if (lines.get(k).startsWith("FAIL")) {
                    assertTrue(k + 1 < lines.size() && lines.get(k + 1).strip().startsWith("hint: "),
                            "a failed check of an exercise says what to look at: " + lines.get(k) + "\n" + before.run());
                }
            }
            assertEquals(0, after.run().code(), "the answer of labs/exercises/" + e.getFileName() + " must pass:\n" + after.run());
            LabTraces.assertNone(e.getFileName() + " as given", before.lab(), List.of());
            LabTraces.assertNone(e.getFileName() + " answered", after.lab(), List.of());
        }));
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }
}
