package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** Starting and stopping: errors are the init's own one line; stop is safe to repeat. */
@KernelTest
class NodeStartTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void aMissingNetworkNamespaceIsReportedInOneLine() {
        NodeException e = assertThrows(NodeException.class, () -> lab.start(lab.spec("web", "/run/netns/nst-does-not-exist")));
        assertEquals("node web of lab " + lab.name + ": open network namespace /run/netns/nst-does-not-exist: No such file or directory", e.getMessage());
    }

    @Test
    void aRunProgramThatCannotStartFailsTheStartAndLeavesNothing() {
        NodeException e = assertThrows(NodeException.class, () -> lab.start(lab.spec("web").withRun(List.of("/nst/no-such-program"))));
        assertTrue(e.getMessage().endsWith("run /nst/no-such-program: No such file or directory"), e.getMessage());
    }

    @Test
    void theRunProgramsOutputGoesToTheLog() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web").withRun(List.of("sh", "-c", "echo started in $HOSTNAME; exec sleep 1000")));
        assertTrue(Nodes.alive(node));
        // "ready" means run was exec'd, not that it has written anything yet.
        Path log = lab.dir.resolve("web.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(log).contains("\n") && System.nanoTime() < deadline) Thread.sleep(10);
        Nodes.stop(node, Duration.ofSeconds(3));
        assertFalse(Nodes.alive(node));
        Nodes.stop(node, Duration.ofSeconds(3)); // again: already gone, nothing to do
        String text = Files.readString(log);
        assertTrue(text.startsWith("started in web\n"), text);
        assertTrue(text.contains("run killed by signal 15"), text);
    }

    @Test
    void stopNeverSignalsAReusedPid() {
        ProcessStamp node = lab.start(lab.spec("web"));
        // Same pid, another start time: a stranger that got the pid after the node ended.
        ProcessStamp stranger = new ProcessStamp(node.pid(), node.startTime() + 1);
        assertFalse(Nodes.alive(stranger));
        Nodes.stop(stranger, Duration.ofSeconds(1));
        assertTrue(Nodes.alive(node));
    }
}
