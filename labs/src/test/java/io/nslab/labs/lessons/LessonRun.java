package io.nslab.labs.lessons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.core.cgroup.Cgroups;
import io.nslab.labs.LabTraces;
import io.nslab.topology.plan.CgroupPaths;

/**
 * Runs one lesson's text against its real lab, as a student would type it: every command in
 * the order the text gives, on a fresh lab, each output compared with what the text shows
 * ({@link OutputMatch}). The failures say which lesson, which line, the command, and what the
 * text shows against what was printed.
 *
 * <p>Lessons run side by side: each gets a state root of its own (nslab's {@code nslab.state},
 * through {@code NSLAB_JAVA_OPTS}), so {@code ./nslab exec NODE} finds its lab without
 * {@code -l}; in commands {@code /run/nslab} means that root, and the root prints as
 * {@code /run/nslab}. {@code sudo} is a pass-through (the suite runs as root), so commands
 * keep the text's {@code sudo} and the environment. A command runs in a directory of its own
 * where {@code ./nslab} and {@code labs/} are the repository's.
 */
public final class LessonRun {
    static final long COMMAND_SECONDS = 120;
    private static final Pattern STATE = Pattern.compile("/run/nslab(?=[/\\s'\"]|$)");

    private final Path repo;
    private final LessonText text;
    private final String lab;
    private final Path root;
    private final Path work;
    private final Map<String, String> env;
    private final OutputMatch match;
    private final List<String> failures = new ArrayList<>();

    private LessonRun(Path repo, LessonText text, String lab, Path dir) throws IOException {
        this.repo = repo;
        this.text = text;
        this.lab = lab;
        this.root = Files.createDirectories(dir.resolve("state"));
        this.work = Files.createDirectories(dir.resolve("work"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(work.resolve("nslab"), repo.resolve("nslab"));
        Files.createSymbolicLink(work.resolve("labs"), repo.resolve("labs"));
        Path sudo = bin.resolve("sudo");
        Files.writeString(sudo, "#!/bin/sh\n# the suite runs as root: sudo keeps the environment (the lesson's state root)\nexec \"$@\"\n");
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.env = Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin",
                "NSLAB_JAVA_OPTS", "-Dnslab.state=" + root);
        this.match = new OutputMatch();
    }

    /** Runs the lesson in {@code labs/NAME.md} (its lab: labs/NAME.json), working in {@code dir}; the failures, none if the text holds. */
    public static List<String> run(Path repo, Path lesson, Path dir) throws IOException, InterruptedException {
        LessonText text = LessonText.read(lesson);
        Path labFile = Path.of(lesson.toString().replaceFirst("\\.md$", ".json"));
        String lab = new ObjectMapper().readTree(labFile.toFile()).path("name").asText();
        LessonRun run = new LessonRun(repo, text, lab, dir);
        try {
            run.steps();
        } finally {
            run.cleanUp();
        }
        return run.failures;
    }

    private String where(int line) {
        return repo.relativize(text.file().toAbsolutePath()) + " line " + line;
    }

    private void steps() throws IOException, InterruptedException {
        for (int line : text.bareNslab()) {
            failures.add(where(line) + ": `nslab` without `./`: a student's shell answers \"command not found\"."
                    + " Write `./nslab` (`sudo ./nslab` for what needs root), as the other commands do.");
        }
        if (text.steps().stream().noneMatch(s -> !s.compared() && s.command().matches(".*\\./nslab\\s+up\\b.*"))) {
            failures.add(where(1) + ": the text never brings its lab up: a ```sh block with `sudo ./nslab up labs/...json` (before the first ```console block)");
            return;
        }
        List<Running> background = new ArrayList<>();
        int block = -1;
        for (LessonText.Step step : text.steps()) {
            if (step.block() != block) {
                finishAll(background);
                block = step.block();
                match.newBlock(step.varies());
            }
            String command = STATE.matcher(match.command(step.command())).replaceAll(Matcher.quoteReplacement(root.toString()));
            ShellCommand shell = ShellCommand.start(command, work, env);
            if (step.background()) {
                // the next command starts once this one has printed the first line the text shows (a capture: listening)
                if (step.expected().stream().anyMatch(l -> !l.isBlank())) shell.awaitFirstLine(20);
                background.add(new Running(step, shell));
                continue;
            }
            if (!check(step, shell.finish(COMMAND_SECONDS)) && !step.compared()) return; // the lab's state is not what the text assumes
        }
        finishAll(background);
    }

    private record Running(LessonText.Step step, ShellCommand shell) {}

    private void finishAll(List<Running> background) throws InterruptedException {
        for (Running r : background) check(r.step(), r.shell().finish(COMMAND_SECONDS));
        background.clear();
    }

    private boolean check(LessonText.Step step, ShellCommand.Result result) {
        String printed = result.output().replace(root.toString(), "/run/nslab");
        String head = where(step.line()) + ": $ " + step.command().replace("\n", "\n    ");
        if (result.timedOut()) {
            failures.add(head + "\n  did not end within " + COMMAND_SECONDS + " s (killed); it printed:\n" + indent(printed));
            return false;
        }
        if (!step.compared()) {
            if (result.code() == 0) return true;
            failures.add(head + "\n  exited " + result.code() + " (a ```sh line must succeed: the text's next steps rely on it); it printed:\n" + indent(printed));
            return false;
        }
        if (match.declaring(step.varies()).matches(step.expected(), printed)) return true;
        String diff = match.firstDifference(step.expected(), printed);
        failures.add(head + "\n  output differs: " + (diff != null ? diff
                        : "each line matches on its own, but a value marked as varying differs where the text shows it twice, or from its value in an earlier block")
                + "\n  --- the text shows:\n" + indent(String.join("\n", step.expected()))
                + "\n  --- nslab printed (exit " + result.code() + "):\n" + indent(printed)
                + "\n  (a value that differs on every run is marked: see labs/README.md, \"How the texts are tested\")");
        return false;
    }

    private static String indent(String text) {
        return text.strip().isEmpty() ? "    (nothing)" : text.stripTrailing().replaceAll("(?m)^", "    ");
    }

    /** Down the lab if the text left it up (or failed half-way), then prove nothing of it is left. */
    private void cleanUp() throws IOException, InterruptedException {
        if (Files.exists(root.resolve(lab))) {
            ShellCommand.Result down = ShellCommand.start("./nslab down " + lab, work, env).finish(COMMAND_SECONDS);
            if (down.code() != 0) failures.add(where(1) + ": ./nslab down " + lab + " failed after the lesson: " + down.output());
        }
        List<String> left = leftovers();
        for (int i = 0; i < 50 && !left.isEmpty(); i++) {
            Thread.sleep(100); // an init's exit is reaped a moment after down returns
            left = leftovers();
        }
        if (!left.isEmpty()) failures.add(where(1) + ": after the lesson and its down, the lab left: " + left);
    }

    /**
     * What of the lab is still there. Not {@link LabTraces#assertNone}: lessons have names like
     * {@code mnt}, {@code netns} or {@code cgroup} that occur in the machine's own mounts, so
     * the lab is looked for where nslab puts it, by exact path.
     */
    private List<String> leftovers() throws IOException {
        List<String> left = new ArrayList<>();
        LabTraces.netns(lab).forEach(ns -> left.add("netns " + ns));
        LabTraces.processes(LabTraces.Footprint.of(lab)).forEach(p -> left.add("process " + p));
        Pattern mine = Pattern.compile(Pattern.quote("/run/netns/" + lab) + "(?:-|\\s)|" + Pattern.quote(root.toString()));
        for (String mount : Files.readAllLines(Path.of("/proc/self/mountinfo"))) if (mine.matcher(mount).find()) left.add("mount " + mount);
        for (Path cgroup : Cgroups.detect().dirs(CgroupPaths.lab(lab))) if (Files.isDirectory(cgroup)) left.add("cgroup " + cgroup);
        if (Files.exists(root.resolve(lab))) left.add("state " + root.resolve(lab));
        return left;
    }
}
