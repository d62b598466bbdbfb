package io.nslab.labs.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.labs.LabTraces;
import io.nslab.labs.Nslab;
import io.nslab.netlink.testing.Witness;

/**
 * Runs one help example as a user would, with nothing of the machine at stake:
 * <ul>
 * <li>in a network namespace that plays the machine (so {@code up --on-host}, {@code web}'s
 *     port and the lab's host side touch only it), with a state root of its own (so
 *     {@code down --all} sees the throwaway lab alone);</li>
 * <li>the lab is a copy of a lesson under a name no one else's lab has: the bridge lesson, or
 *     the one the example names ({@code labs/ospf.json}, {@code -l dns}: an example about
 *     routers or a name server speaks of the lesson that has them); in the work directory,
 *     {@code labs/LESSON.json} (and {@code .yaml} where the lesson has one) is the lesson
 *     renamed, and the word {@code LESSON} of the example, where it names the lab, is that
 *     name; {@code ./extra} is a directory with a file in it, for the examples that copy one;</li>
 * <li>up before the example when it runs nslab as root (a lab's commands), unless it is the
 *     example that builds it ({@code up}, {@code test}); no lab for one that only reads files;</li>
 * <li>by bash, in a session of its own (Ctrl-C is SIGINT to its process group, as a terminal
 *     sends it), {@code sudo} a pass-through (the suite runs as root; sudo's secure_path would
 *     lose the nslab under test), stdin "exit" (what ends the example's interactive shell, as
 *     a user would end it; no other example reads it);</li>
 * <li>HOME a throwaway one with the directories the completion examples' comments ask the
 *     user to make; BROWSER curl, which fetches the page {@code web --open} opens (no display).</li>
 * </ul>
 * Then the example's lab is taken down ({@code down --all}), what the example itself still runs
 * (a pipe's reader, the nodes a script started) is killed with its process group, and nothing of
 * the lab may be left.
 */
final class ExampleRun {
    /** An example that runs until Ctrl-C still runs this long after it started. */
    static final long RUNNING_SECONDS = 4;
    /** Any other ends by itself within this. */
    static final long END_SECONDS = 120;
    /** After Ctrl-C, an example ends within this. */
    static final long CTRL_C_SECONDS = 20;

    /** Where an example names a lesson other than bridge: its file, or its lab after -l. */
    private static final Pattern NAMED_LESSON = Pattern.compile("labs/(\\w+)\\.(?:json|ya?ml)\\b|(?<=\\s)-l\\s+(\\w+)\\b");

    private final HelpExample example;
    private final String lab = Nslab.uniqueName();
    /** The lesson the lab is a copy of. */
    private final String lesson;
    private final String machine = "nst-host" + Nslab.uniqueName().substring(4);
    private final Path work;
    private final Path output;
    private final Map<String, String> env;
    /** The example's state root: its nslab's {@code nslab.state}, this JVM's never (examples run side by side). */
    private final Path state;

    private ExampleRun(HelpExample example, Path repo, Path dir) throws IOException {
        this.example = example;
        this.work = Files.createDirectories(dir.resolve("work"));
        this.output = dir.resolve("output");
        this.lesson = lessonOf(example.line(), repo);
        Path labs = Files.createDirectories(work.resolve("labs"));
        String json = Files.readString(repo.resolve("labs/" + lesson + ".json"));
        String name = "\"name\": \"" + lesson + "\"";
        assertTrue(json.contains(name), "the " + lesson + " lesson is named " + lesson);
        Files.writeString(labs.resolve(lesson + ".json"), json.replace(name, "\"name\": \"" + lab + "\""));
        Path yamlFile = repo.resolve("labs/" + lesson + ".yaml");
        if (Files.exists(yamlFile)) {
            String yaml = Files.readString(yamlFile);
            assertTrue(yaml.contains("\nname: " + lesson + "\n"), "the " + lesson + " lesson's YAML is named " + lesson);
            Files.writeString(labs.resolve(lesson + ".yaml"), yaml.replace("\nname: " + lesson + "\n", "\nname: " + lab + "\n"));
        }
        Files.writeString(Files.createDirectories(work.resolve("extra")).resolve("README"), "copied by an example of nslab cp\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("nslab"), repo.resolve("nslab"));
        Path sudo = bin.resolve("sudo");
        Files.writeString(sudo, "#!/bin/sh\n# the suite runs as root: sudo keeps the environment (the example's state root)\nexec \"$@\"\n");
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".local/share/bash-completion/completions"));
        Files.createDirectories(home.resolve(".config/fish/completions"));
        Files.writeString(dir.resolve("stdin"), "exit\n");
        this.state = Files.createDirectories(dir.resolve("state"));
        this.env = Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin",
                "HOME", home.toString(),
                "NSLAB_JAVA_OPTS", "-Dnslab.state=" + state,
                "STATE", dir.resolve("explain-state").toString(), // where explain's script keeps its nodes' files
                "BROWSER", "curl -sSfo /dev/null %s");
    }

    static void run(HelpExample example, Path repo, Path dir) throws Exception {
        new ExampleRun(example, repo, dir).run();
    }

    /** The example's line with the lab's name where it names the lab. */
    String line() {
        Pattern word = Pattern.compile("(?<![\\w./-])" + Pattern.quote(lesson) + "(?![\\w./-])");
        return word.matcher(example.line()).replaceAll(Matcher.quoteReplacement(lab));
    }

    /** The lesson an example names where it is one of labs/ (bridge if none). */
    static String lessonOf(String line, Path repo) {
        Matcher m = NAMED_LESSON.matcher(line);
        while (m.find()) {
            String named = m.group(1) != null ? m.group(1) : m.group(2);
            if (Files.exists(repo.resolve("labs/" + named + ".json"))) return named;
        }
        return "bridge";
    }

    private void run() throws Exception {
        Witness.run("ip", "netns", "add", machine);
        Process p = null;
        Throwable failed = null;
        try {
            Witness.run("ip", "-n", machine, "link", "set", "lo", "up");
            if (example.asRoot() && !example.buildsTheLab()) {
                Process up = start("sudo nslab up labs/" + lesson + ".json");
                assertTrue(up.waitFor(END_SECONDS, TimeUnit.SECONDS), "the lab came up within " + END_SECONDS + " s: " + printed());
                assertEquals(0, up.exitValue(), "the lab for the example came up: " + printed());
            }
            Process ran = p = start(line());
            String what = "`" + line() + "` (" + example.comment() + ")";
            if (example.untilCtrlC()) {
                assertTrue(!ran.waitFor(RUNNING_SECONDS, TimeUnit.SECONDS), () -> what + " ended by itself within " + RUNNING_SECONDS
                        + " s (exit " + ran.exitValue() + "): " + printed()
                        + "\nAn example that runs until Ctrl-C must still run then; one that ends by itself must not say so.");
                signal("INT", ran);
                assertTrue(ran.waitFor(CTRL_C_SECONDS, TimeUnit.SECONDS), () -> what + " still ran " + CTRL_C_SECONDS + " s after Ctrl-C: " + printed());
                assertTrue(List.of(ExitCode.OK, 130).contains(ran.exitValue()), () -> what + " ended on Ctrl-C with exit " + ran.exitValue()
                        + " (0, or 130: interrupted): " + printed());
            } else {
                assertTrue(ran.waitFor(END_SECONDS, TimeUnit.SECONDS), () -> what + " still ran after " + END_SECONDS + " s: " + printed()
                        + "\nIf it runs until Ctrl-C, its comment must say so (\"until Ctrl-C\").");
                // 1: what it tested failed, reported in full (the bridge lesson's isp reaches no node behind its NAT: pingall says so)
                assertTrue(List.of(ExitCode.OK, ExitCode.CHECK_FAILED).contains(ran.exitValue()),
                        () -> what + " failed with exit " + ran.exitValue() + ": " + printed());
            }
            assertTrue(!printed().contains("\tat io.nslab."), () -> "a stack trace: " + printed());
        } catch (Throwable t) {
            failed = t;
            throw t;
        } finally {
            cleanUp(p, failed);
        }
    }

    /**
     * Ends what the example still runs (a pipe's reader, the nodes a script started: its process
     * group), tears down a lab it built by hand as that script says, takes down whatever it left
     * up, and checks that nothing of the lab is left.
     */
    private void cleanUp(Process p, Throwable failed) throws Exception {
        try {
            LabTraces.Footprint footprint = LabTraces.footprint(lab, state);
            if (p != null) {
                signal("KILL", p);
                // killed: gone once reaped (the nodes a script started in the background are init's to reap)
                for (int i = 0; i < 50 && inGroup(p.pid()); i++) Thread.sleep(100);
            }
            tearDownByHand();
            Process down = start("sudo nslab down --all");
            boolean ended = down.waitFor(END_SECONDS, TimeUnit.SECONDS);
            if (!ended) signal("KILL", down);
            assertTrue(ended && down.exitValue() == 0, "`nslab down --all` after the example: " + printed());
            LabTraces.assertNone("after `" + line() + "` and down --all", footprint);
        } catch (Throwable t) {
            if (failed == null) throw t;
            failed.addSuppressed(t);
        } finally {
            Witness.run("ip", "netns", "del", machine);
        }
    }

    /**
     * A lab built by hand from {@code nslab explain}'s script is not nslab's to take down (no state,
     * a tmpfs of the script's own): its reader is told to run the commands at the script's end,
     * and so does the test, with the script's own environment (its STATE).
     */
    private void tearDownByHand() throws IOException, InterruptedException {
        try (var files = Files.list(work)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1); // a pcapng, a png: read as bytes
                int at = text.indexOf("\n# ---- Tear it down");
                if (!text.startsWith("#!/bin/sh\n# Lab ") || at < 0) continue;
                StringBuilder commands = new StringBuilder();
                for (String l : text.substring(at).split("\n")) if (l.startsWith("#   ")) commands.append(l.substring(4)).append('\n');
                Files.writeString(work.resolve("teardown.sh"), commands);
                Process down = start("sh teardown.sh");
                if (!down.waitFor(END_SECONDS, TimeUnit.SECONDS)) signal("KILL", down);
            }
        }
    }

    /** bash -c LINE inside the machine's namespace, in a session of its own, its output (both streams) in one file. */
    private Process start(String line) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("nsenter", "--net=/run/netns/" + machine, "setsid",
                "env", "--default-signal=INT", "bash", "-c", line).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(output.resolveSibling("stdin").toFile());
        pb.environment().remove("NSLAB_DEBUG");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** A signal to the process group the shell leads (setsid made it its leader, and nsenter and env exec'd). */
    private static void signal(String signal, Process p) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + p.pid()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (signal.equals("KILL")) p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Whether a process of process group {@code pgid} is still there (not a zombie): /proc/PID/stat's pgrp. */
    private static boolean inGroup(long pgid) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
                if (!fields[0].equals("Z") && fields[2].equals(Long.toString(pgid))) return true;
            }
        }
        return false;
    }

    private String printed() {
        try {
            String out = Files.readString(output);
            return out.isBlank() ? "(nothing printed)" : "\n" + out.stripTrailing().replaceAll("(?m)^", "    ");
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
