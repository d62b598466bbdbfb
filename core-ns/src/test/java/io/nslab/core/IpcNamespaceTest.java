package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** The IPC lesson: a System V message queue made in one node exists nowhere else. */
@KernelTest
class IpcNamespaceTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void aMessageQueueIsVisibleOnlyInItsNode() throws Exception {
        ProcessStamp a = lab.start(lab.spec("a"));
        ProcessStamp b = lab.start(lab.spec("b"));
        TestLab.Result made = TestLab.exec(a, null, "ipcmk", "-Q");
        assertEquals(0, made.code(), made.err());
        // /proc/sysvipc/msg lists the queues of the reader's IPC namespace: "key msqid perms ...".
        List<String> inA = queues(TestLab.exec(a, null, "cat", "/proc/sysvipc/msg").out());
        assertEquals(1, inA.size(), "queues in a: " + inA);
        String key = inA.get(0).trim().split("\\s+")[0];
        assertEquals(List.of(), queues(TestLab.exec(b, null, "cat", "/proc/sysvipc/msg").out()));
        for (String line : queues(Files.readString(Path.of("/proc/sysvipc/msg"))))
            assertFalse(line.trim().split("\\s+")[0].equals(key), "the machine sees a's queue: " + line);
        assertTrue(TestLab.exec(b, null, "ipcs", "-q").out().lines().noneMatch(l -> l.contains(key)));
    }

    private static List<String> queues(String sysvipc) {
        return sysvipc.lines().skip(1).filter(l -> !l.isBlank()).toList();
    }
}
