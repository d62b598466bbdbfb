package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.core.TestLab.Result;
import io.nslab.netlink.testing.KernelTest;

/** docker exec, as setns(): exit codes, stdin, environment, user and directory, a terminal, a dead node. */
@KernelTest
class ExecTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void exitCodesPassThrough() {
        ProcessStamp node = lab.start(lab.spec("web"));
        assertEquals(0, TestLab.exec(node, null, "true").code());
        assertEquals(7, TestLab.exec(node, null, "sh", "-c", "exit 7").code());
        // Killed by a signal: 128 + its number, as a shell reports it.
        assertEquals(128 + 15, TestLab.exec(node, null, "sh", "-c", "kill -TERM $$").code());
        Result missing = TestLab.exec(node, null, "nst-no-such-command");
        assertEquals(127, missing.code());
        assertTrue(missing.err().contains("nst-no-such-command: No such file or directory"), missing.err());
    }

    @Test
    void stdinOnlyWithInteractive() {
        ProcessStamp node = lab.start(lab.spec("web"));
        assertEquals("hello\nnode\n", TestLab.exec(node, "hello\nnode\n", "cat").out());
        // Without -i the command reads /dev/null, not the caller's input (docker exec does the same).
        Result closed = TestLab.run(InitBinary.execCommand(node, List.of("cat"), Map.of(), false, false), "ignored\n");
        assertEquals(0, closed.code());
        assertEquals("", closed.out());
    }

    @Test
    void environmentAndWorkingDirectoryAreTheNodes() {
        ProcessStamp node = lab.start(lab.spec("web").withEnv(Map.of("GREETING", "hi", "LEVEL", "1")));
        String caller = "NST_CALLER_ONLY";
        Result env = TestLab.run(InitBinary.execCommand(node, List.of("sh", "-c", "echo $GREETING $LEVEL $HOSTNAME ${" + caller + ":-unset}; pwd"),
                Map.of("LEVEL", "2"), false, false), null);
        assertEquals("hi 2 web unset\n/\n", env.out());
    }

    @Test
    void userGroupAndDirectoryLikeDockerExecUW() {
        ProcessStamp node = lab.start(lab.spec("web"));
        String show = "id -u; id -g; id -G; pwd; echo $HOME; grep CapEff /proc/self/status";
        // A name in the node's /etc/passwd: its uid, group, home; a user has no capabilities (as with su).
        assertEquals(new Result(0, "65534\n65534\n65534\n/tmp\n/nonexistent\nCapEff:\t0000000000000000\n", ""),
                execAs(node, new ExecAs("nobody", "/tmp"), Map.of(), show));
        // Numbers need not be in the files: gid 0 and HOME / by default, as in docker.
        assertEquals(new Result(0, "4321\n4400\n4400\n/\n/\nCapEff:\t0000000000000000\n", ""),
                execAs(node, new ExecAs("4321:4400", null), Map.of(), show));
        Result rootInAGroup = execAs(node, new ExecAs("0:nogroup", null), Map.of("HOME", "/srv"), show);
        assertTrue(rootInAGroup.out().startsWith("0\n65534\n65534\n/\n/srv\nCapEff:\t"), rootInAGroup.toString());
        assertFalse(rootInAGroup.out().contains("CapEff:\t0000000000000000"), rootInAGroup.toString());
    }

    @Test
    void aMissingUserGroupOrDirectoryIs126() {
        ProcessStamp node = lab.start(lab.spec("web"));
        assertEquals(new Result(126, "", "nslab: exec: -u nst-nobody: no user nst-nobody in the node's /etc/passwd\n"),
                execAs(node, new ExecAs("nst-nobody", null), Map.of(), "true"));
        assertEquals(new Result(126, "", "nslab: exec: -u nobody:nst-none: no group nst-none in the node's /etc/group\n"),
                execAs(node, new ExecAs("nobody:nst-none", null), Map.of(), "true"));
        assertEquals(new Result(126, "", "nslab: exec: -u 'nobody:': expected USER or USER:GROUP\n"),
                execAs(node, new ExecAs("nobody:", null), Map.of(), "true"));
        assertEquals(new Result(126, "", "nslab: exec: -w /nst-none: No such file or directory (in the node)\n"),
                execAs(node, new ExecAs(null, "/nst-none"), Map.of(), "true"));
        assertEquals(new Result(126, "", "nslab: exec: -w /etc/hostname: Not a directory (in the node)\n"),
                execAs(node, new ExecAs(null, "/etc/hostname"), Map.of(), "true"));
    }

    private static Result execAs(ProcessStamp node, ExecAs as, Map<String, String> env, String script) {
        return TestLab.run(InitBinary.execCommand(node, List.of("sh", "-c", script), env, false, false, List.of(), false, as), null);
    }

    @Test
    void terminalLikeDockerExecIt() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web"));
        String exec = String.join(" ", InitBinary.execCommand(node, List.of("sh", "-c", "tty; test -t 0 && echo stdin-is-a-terminal"), Map.of(), true, true));
        // script(1) gives the helper a terminal, as a user's shell would.
        Result session = TestLab.run(List.of("script", "-qec", exec, "/dev/null"), "");
        assertEquals(0, session.code(), session.err());
        assertTrue(session.out().contains("/dev/pts/"), session.out());
        assertTrue(session.out().contains("stdin-is-a-terminal"), session.out());
    }

    @Test
    void ctrlCGoesToTheCommand() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web"));
        String exec = String.join(" ", InitBinary.execCommand(node, List.of("sh", "-c", "'echo armed; exec sleep 60'"), Map.of(), true, true));
        Process script = new ProcessBuilder("script", "-qec", exec, "/dev/null").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
             OutputStream keys = script.getOutputStream()) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("armed")) { /* until the command runs */ }
            keys.write(3); // Ctrl-C, typed
            keys.flush();
            assertTrue(script.waitFor(10, TimeUnit.SECONDS), "Ctrl-C did not end the command");
        } catch (IOException e) {
            script.destroyForcibly();
            throw e;
        }
        assertEquals(128 + 2, script.exitValue());
    }

    @Test
    void aStoppedNodeCannotBeEntered() {
        ProcessStamp node = lab.start(lab.spec("web"));
        Nodes.stop(node, Duration.ofSeconds(3));
        assertThrows(NodeException.class, () -> Nodes.exec(node, List.of("true"), Map.of(), false, false));
        Result helper = TestLab.exec(node, null, "true");
        assertEquals(125, helper.code());
        assertTrue(helper.err().contains("not running"), helper.err());
    }
}
