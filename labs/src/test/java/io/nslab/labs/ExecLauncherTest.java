package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;

/**
 * {@code ./nslab exec}, which the launcher runs without a JVM when it can (see ./nslab), against
 * the same command run by the JVM: the same exit code, output and errors; the JVM only where the
 * launcher is not sure. Which one ran is told by a {@code java} first in PATH that only leaves a
 * mark: a command that needed the JVM then fails with 99.
 */
@KernelTest
class ExecLauncherTest {
    private static final int NO_JVM_HERE = 99;

    @TempDir static Path tmp;
    private static String lab;
    private static Path fakeJava, javaRan;

    @BeforeAll
    static void upALab() throws IOException {
        lab = Nslab.uniqueName();
        Path file = tmp.resolve(lab + ".json");
        Files.writeString(file, """
                { "name": "%s", "bridges": { "br0": { "subnet": "10.217.0.0/24" } },
                  "nodes": { "n1": { "interfaces": { "eth0": { "bridge": "br0" } }, "limits": { "pids": 50 } },
                             "n2": { "interfaces": { "eth0": { "bridge": "br0" } },
                                     "files": { "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\\nlabuser:x:4321:4322::/home/labuser:/bin/sh\\n",
                                                "/etc/group": "root:x:0:\\nlabgrp:x:4322:\\nextra:x:4400:root,labuser\\n" } } } }
                """.formatted(lab));
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(0, up.code(), up.toString());
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        javaRan = tmp.resolve("java-ran");
        fakeJava = bin.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"$*\" >> '" + javaRan + "'\nexit " + NO_JVM_HERE + "\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void down() throws IOException {
        Nslab.run("down", lab);
        LabTraces.assertNone(lab, lab, List.of());
    }

    @Test
    void thePlainFormStartsNoJvmAndDoesWhatTheJvmDoes() throws Exception {
        String script = "hostname; cat /proc/self/cgroup; echo to-stderr >&2; exit 3";
        Nslab.Run fast = withoutJvm("exec", "-l", lab, "n1", "sh", "-c", script);
        assertEquals(3, fast.code(), fast.toString());
        assertTrue(fast.out().startsWith("n1\n"), fast.toString());
        // In the node's cgroup (its cgroup namespace's root), in every hierarchy: not left where the caller was.
        assertTrue(fast.out().lines().skip(1).allMatch(l -> l.endsWith(":/")), fast.toString());
        assertEquals(fast, viaJvm(null, "exec", "-l", lab, "n1", "sh", "-c", script));
        // Options after NODE are the command's.
        assertEquals(0, withoutJvm("exec", "-l", lab, "n2", "test", "-l", "=", "-l").code());
    }

    @Test
    void userDirectoryAndEnvironmentAreTheNodesWithOrWithoutJvm() throws Exception {
        // labuser is in n2's own /etc/passwd (its files, in its overlay), not in the machine's.
        String[] asLabuser = {"exec", "-l", lab, "-u", "labuser", "-w", "/etc", "-e", "A=1", "--env", "B=x=y", "-e", "A=2",
                "n2", "sh", "-c", "id; pwd; echo $HOME $A $B"};
        Nslab.Run fast = withoutJvm(asLabuser);
        assertEquals(new Nslab.Run(0, "uid=4321(labuser) gid=4322(labgrp) groups=4322(labgrp),4400(extra)\n/etc\n/home/labuser 2 x=y\n", ""), fast);
        assertEquals(fast, viaJvm(null, asLabuser));
        for (String[] refused : List.of(
                new String[] {"exec", "-l", lab, "-u", "labuser", "n1", "id"},
                new String[] {"exec", "-l", lab, "--user", "labuser:nogroup", "n2", "id"},
                new String[] {"exec", "-l", lab, "--workdir", "/nst-none", "n2", "pwd"})) {
            Nslab.Run without = withoutJvm(refused);
            assertEquals(126, without.code(), without.toString());
            assertTrue(without.err().startsWith("nslab: exec: ") && without.out().isEmpty(), without.toString());
            assertEquals(without, viaJvm(null, refused));
        }
        assertEquals(new Nslab.Run(126, "", "nslab: exec: -u labuser: no user labuser in the node's /etc/passwd\n"),
                withoutJvm("exec", "-l", lab, "-u", "labuser", "n1", "id"));
        // What the launcher leaves to the JVM: -e KEY alone (nslab's own value), a relative -w (an error).
        String[] passed = {"exec", "-l", lab, "-e", "NST_PASSED", "-e", "NST_UNSET", "n1", "sh", "-c", "echo $NST_PASSED ${NST_UNSET-unset}"};
        assertEquals(NO_JVM_HERE, run(true, Map.of("NST_PASSED", "hello"), null, passed).code());
        assertEquals(new Nslab.Run(0, "hello unset\n", ""), run(false, Map.of("NST_PASSED", "hello"), null, passed));
        String[] relative = {"exec", "-l", lab, "-w", "srv", "n1", "pwd"};
        assertEquals(NO_JVM_HERE, run(true, Map.of(), null, relative).code());
        assertEquals(new Nslab.Run(2, "", "nslab: -w srv: the working directory must be an absolute path\n"),
                run(false, Map.of(), null, relative));
    }

    @Test
    void stdinIsPassedOnWithI() throws Exception {
        Nslab.Run fast = run(true, Map.of(), "hi there\n", "exec", "--lab", lab, "-i", "n2", "cat");
        assertEquals(new Nslab.Run(0, "hi there\n", ""), fast);
        assertEquals(fast, viaJvm("hi there\n", "exec", "--lab", lab, "-i", "n2", "cat"));
        // Without -i the command reads nothing, whatever is on nslab's stdin.
        assertEquals(new Nslab.Run(0, "", ""), run(true, Map.of(), "unread\n", "exec", "-l", lab, "n2", "cat"));
    }

    @Test
    void withoutLabTheOnlyLabUpIsTakenAndOtherwiseTheJvmAsks() throws Exception {
        if (Labs.names().equals(List.of(lab))) {
            assertEquals(new Nslab.Run(0, "n1\n", ""), run(true, Map.of(), null, "exec", "n1", "hostname"));
            assertEquals(new Nslab.Run(0, "n1\n", ""), viaJvm(null, "exec", "n1", "hostname"));
        }
        StateDir other = fakeLab(Nslab.uniqueName());
        try {
            assertEquals(NO_JVM_HERE, run(true, Map.of(), null, "exec", "n1", "hostname").code());
            Nslab.Run which = run(false, Map.of(), null, "exec", "n1", "hostname");
            assertEquals(2, which.code());
            assertTrue(which.err().contains("labs are up (") && which.err().contains("say which with -l LAB"), which.toString());
        } finally {
            deleteFakeLab(other);
        }
    }

    @Test
    void whatItDoesNotReadGoesToTheJvmWithTheSameWords() throws Exception {
        List<List<String>> notPlain = List.of(
                List.of("exec", "-l", "nosuchlab", "n1", "true"),   // no such lab
                List.of("exec", "-l", lab, "n9", "true"),           // no such node
                List.of("exec", "-l", lab, "../" + lab + "/n1", "true"),
                List.of("exec", "-l", "../nslab/" + lab, "n1", "true"),
                List.of("exec", "--lab=" + lab, "n1", "true"),      // a form PlainForms leaves to picocli
                List.of("exec", "-l", lab, "-l", lab, "n1", "true"),
                List.of("exec", "-x", "n1", "true"),
                List.of("exec", "-l", lab, "n1"),                   // no command
                List.of("exec", "--help"));
        for (List<String> args : notPlain) {
            String[] a = args.toArray(String[]::new);
            Files.deleteIfExists(javaRan);
            assertEquals(NO_JVM_HERE, run(true, Map.of(), null, a).code(), String.join(" ", args));
            assertTrue(Files.readString(javaRan).endsWith("io.nslab.cli.Main " + String.join(" ", args) + "\n"), Files.readString(javaRan));
            assertEquals(viaJvm(null, a), run(false, Map.of(), null, a), String.join(" ", args));
        }
    }

    @Test
    void aStaleStateGoesToTheJvm() throws Exception {
        // A node whose init has exited, and one whose PID now names another process.
        StateDir stale = fakeLab(Nslab.uniqueName());
        try {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            ProcessStamp self = ProcessStamp.of((int) ProcessHandle.current().pid()).orElseThrow();
            Files.writeString(stale.journal(), "process\tnode:web\t" + gone.pid() + "\t1\n"
                    + "process\tnode:db\t" + self.pid() + "\t" + (self.startTime() + 1) + "\n");
            for (String node : List.of("web", "db")) {
                assertEquals(NO_JVM_HERE, run(true, Map.of(), null, "exec", "-l", stale.lab(), node, "true").code());
                Nslab.Run jvm = run(false, Map.of(), null, "exec", "-l", stale.lab(), node, "true");
                assertEquals(3, jvm.code(), jvm.toString());
                assertTrue(jvm.err().startsWith("nslab: node " + node + " of lab " + stale.lab() + " is not running"), jvm.toString());
            }
        } finally {
            deleteFakeLab(stale);
        }
    }

    @Test
    void aLabUpBeforeTheLauncherReadItsStateGoesToTheJvm() throws Exception {
        // An nslab from before this launcher wrote no cgroups file: where the command's cgroup is, the JVM knows.
        Path cgroups = StateDir.of(lab).cgroups(), aside = tmp.resolve("cgroups");
        Files.move(cgroups, aside);
        try {
            assertEquals(NO_JVM_HERE, run(true, Map.of(), null, "exec", "-l", lab, "n1", "true").code());
            assertEquals(new Nslab.Run(0, "n1\n", ""), run(false, Map.of(), null, "exec", "-l", lab, "n1", "hostname"));
        } finally {
            Files.move(aside, cgroups);
        }
        // With NSLAB_JAVA_OPTS the JVM runs, and gets them.
        assertEquals(NO_JVM_HERE, run(true, Map.of("NSLAB_JAVA_OPTS", "-Dx=1"), null, "exec", "-l", lab, "n1", "true").code());
    }

    /** A lab directory as up leaves it, with no node yet. */
    private static StateDir fakeLab(String name) throws IOException {
        StateDir state = StateDir.of(name);
        Files.createDirectories(state.dir());
        Files.writeString(state.plan(), "{}");
        Files.writeString(state.cgroups(), "");
        Files.writeString(state.journal(), "");
        return state;
    }

    private static void deleteFakeLab(StateDir state) throws IOException {
        for (Path f : List.of(state.plan(), state.cgroups(), state.journal())) Files.deleteIfExists(f);
        Files.deleteIfExists(state.dir());
    }

    private Nslab.Run withoutJvm(String... args) throws Exception {
        Files.deleteIfExists(javaRan);
        Nslab.Run run = run(true, Map.of(), null, args);
        assertFalse(Files.exists(javaRan), "the launcher started java: " + (Files.exists(javaRan) ? Files.readString(javaRan) : ""));
        return run;
    }

    /** The same command through the JVM: NSLAB_JAVA_OPTS set is one of the cases the launcher leaves to it. */
    private Nslab.Run viaJvm(String stdin, String... args) throws Exception {
        return run(false, Map.of("NSLAB_JAVA_OPTS", "-Dnslab.test=jvm"), stdin, args);
    }

    /** ./nslab ARGS, with {@code stdin} on its standard input (null: none written), the fake java first in PATH or not. */
    private Nslab.Run run(boolean fake, Map<String, String> env, String stdin, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        if (fake) all.put("PATH", fakeJava.getParent() + ":" + System.getenv("PATH"));
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        Process p = Nslab.startLauncher(all, out, err, args);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("./nslab " + String.join(" ", args) + " hung");
        }
        return new Nslab.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
