package io.nslab.labs.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doc test's reading of a lesson and its comparison, without a lab. */
class OutputMatchTest {
    @TempDir Path tmp;

    @Test
    void literalLinesMustMatchWithWhitespaceRunsAsOne() {
        OutputMatch m = new OutputMatch().declaring(Set.of());
        assertTrue(m.matches(List.of("a   b", ""), "a b\n\n"));
        assertFalse(m.matches(List.of("inner-s"), "inner-s\ninner-s\n"), "a line too many is a drift (mnt.md's inner-s)");
        assertFalse(m.matches(List.of("hi"), ""), "nothing printed is a drift (publish.md without exec -i)");
        assertEquals("nslab printed more: `inner-s`", m.firstDifference(List.of("inner-s"), "inner-s\ninner-s\n"));
    }

    @Test
    void dotsStandForLinesOrText() {
        OutputMatch m = new OutputMatch().declaring(Set.of());
        assertTrue(m.matches(List.of("...", "1 packets transmitted, 1 received, 0% packet loss, time 0ms", "..."),
                "PING b\n\n--- b ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 3ms\nrtt min/avg/max/mdev = 0.1/0.1/0.1/0.0 ms\n"));
        assertTrue(m.matches(List.of("rw,discard,..."), "rw,discard,resv_strict\n"));
        assertFalse(m.matches(List.of("...", "1 received"), "0 received\n"));
    }

    @Test
    void macsTimesAndEphemeralPortsVaryByShape() {
        OutputMatch m = new OutputMatch().declaring(Set.of());
        assertTrue(m.matches(List.of("nslab0 UP 1a:29:e1:18:49:92", "PASS 181 ms x", "\"remote\":\"172.20.0.2:49254\""),
                "nslab0 UP 02:00:ac:14:00:01\nPASS 3 ms x\n\"remote\":\"172.20.0.2:51000\"\n"));
        assertFalse(m.matches(List.of("\"remote\":\"172.20.0.2:49254\""), "\"remote\":\"172.20.0.9:51000\"\n"), "the address is not a port");
        assertFalse(m.matches(List.of("dport=8080"), "dport=8081\n"), "a published port is not ephemeral");
        assertFalse(m.matches(List.of("counter packets 2 bytes 120"), "counter packets 3 bytes 164\n"), "counters are literal: the text runs in order");
    }

    @Test
    void aDeclaredTokenBindsAndIsSubstitutedInLaterCommands() {
        OutputMatch m = new OutputMatch();
        assertTrue(m.declaring(Set.of("22574")).matches(List.of("init PID 22574 (nslab-init)", "/proc/22574/ns:"), "init PID 31118 (nslab-init)\n/proc/31118/ns:\n"));
        assertFalse(new OutputMatch().declaring(Set.of("22574")).matches(List.of("PID 22574", "/proc/22574/ns:"), "PID 1\n/proc/2/ns:\n"),
                "twice in one output: the same value");
        assertEquals("cat /proc/31118/cgroup", m.command("cat /proc/22574/cgroup"));
        assertTrue(m.declaring(Set.of()).matches(List.of("NSpid: 22574 1"), "NSpid:\t31118\t1\n"));
        assertFalse(m.declaring(Set.of()).matches(List.of("NSpid: 22574 1"), "NSpid:\t4242\t1\n"), "a later block sees the bound value");
        assertTrue(new OutputMatch().declaring(Set.of("0x2467bb9e", "vm")).matches(List.of("0x2467bb9e 0 root", "vm"), "0x059c9623 0 root\nbuildhost\n"));
    }

    @Test
    void aTokenDeclaredAgainInALaterBlockIsMatchedAfresh() {
        OutputMatch m = new OutputMatch();
        m.newBlock(Set.of("10"));
        assertTrue(m.declaring(Set.of("10")).matches(List.of("10 0 ps"), "12 0 ps\n"));
        assertFalse(m.declaring(Set.of()).matches(List.of("10 9 unshare"), "11 9 unshare\n"), "not declared again: the bound value");
        m.newBlock(Set.of("10"));
        assertTrue(m.declaring(Set.of("10")).matches(List.of("10 9 unshare"), "11 9 unshare\n"), "declared again: any value");
        assertEquals("kill 11", m.command("kill 10"), "and bound to the new one");
    }

    @Test
    void aLessonIsReadAsStepsWithItsMarkers() throws Exception {
        Path md = tmp.resolve("x.md");
        Files.writeString(md, String.join("\n",
                "# x", "```sh", "sudo ./nslab up labs/x.json", "sudo apt-get install -y iperf3", "nslab explain labs/x.json | less", "```",
                "<!-- varies: 123 -->", "```console", "$ sudo ./nslab exec a sh -c '", "    echo 123'", "123",
                "$ sudo ./nslab capture a -c 1 &", "nslab capture: capturing", "$ true", "```", "```console", "$ echo 123", "123", "```", ""));
        LessonText text = LessonText.read(md);
        assertEquals(List.of(5), text.bareNslab());
        assertEquals(5, text.steps().size(), text.steps().toString());
        LessonText.Step up = text.steps().get(0), multi = text.steps().get(1), bg = text.steps().get(2), later = text.steps().get(4);
        assertEquals("sudo ./nslab up labs/x.json", up.command());
        assertFalse(up.compared());
        assertEquals("sudo ./nslab exec a sh -c '\n    echo 123'", multi.command());
        assertEquals(List.of("123"), multi.expected());
        assertEquals(Set.of("123"), multi.varies());
        assertEquals(9, multi.line());
        assertTrue(bg.background());
        assertEquals("sudo ./nslab capture a -c 1", bg.command());
        assertEquals(Set.of(), later.varies(), "a varies comment is for the next block only");
    }
}
