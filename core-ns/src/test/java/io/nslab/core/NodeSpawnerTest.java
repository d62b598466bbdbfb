package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** Many nodes through one nslab-init spawn, at once: each start gets its own answer. */
@KernelTest
class NodeSpawnerTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void nodesStartedAtOnceEachGetTheirOwnAnswerAndNothingOfTheOthers() throws Exception {
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < 6; i++) specs.add(lab.spec("n" + i).withRun(List.of("sh", "-c", "echo started in $(hostname) >&2; exec sleep 1000")));
        specs.add(lab.spec("user").withUser(UserMap.of("0:100000:65536")));
        specs.add(lab.spec("broken", "/run/netns/nst-does-not-exist"));
        List<Future<ProcessStamp>> started = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NodeSpawner spawner = NodeSpawner.open()) {
            for (NodeSpec spec : specs) started.add(pool.submit(() -> lab.track(spawner.start(spec))));
            for (int i = 0; i < 7; i++) {
                ProcessStamp init = started.get(i).get();
                assertTrue(init.alive(), specs.get(i).node());
                assertEquals(specs.get(i).node() + "\n", TestLab.exec(init, null, "hostname").out());
                // The init holds nothing of the spawner's or of the other nodes': no pipe at all.
                for (Path fd : Files.list(Path.of("/proc/" + init.pid() + "/fd")).toList()) {
                    assertFalse(Files.readSymbolicLink(fd).toString().startsWith("pipe:"), specs.get(i).node() + " holds " + fd);
                }
            }
            Exception e = assertThrows(Exception.class, () -> started.get(7).get());
            assertEquals("node broken of lab " + lab.name + ": open network namespace /run/netns/nst-does-not-exist: No such file or directory",
                    e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
        assertEquals("0 100000 65536", Files.readString(Path.of("/proc/" + started.get(6).get().pid() + "/uid_map")).trim().replaceAll("\\s+", " "));
        for (int i = 0; i < 6; i++) assertEquals("started in n" + i + "\n", Files.readString(lab.dir.resolve("n" + i + ".log")));
        // The spawner has ended (close waits for it), and the nodes live on without it.
        for (int i = 0; i < 7; i++) assertTrue(started.get(i).get().alive());
    }

    @Test
    void aRequestTooBigForTheSpawnerIsRefusedAndTheSpawnerGoesOn() {
        try (NodeSpawner spawner = NodeSpawner.open()) {
            List<String> run = new ArrayList<>(List.of("echo"));
            for (int i = 0; i < NodeSpawner.MAX_FIELDS; i++) run.add("w" + i);
            NodeException e = assertThrows(NodeException.class, () -> spawner.start(lab.spec("big").withRun(run)));
            assertTrue(e.getMessage().startsWith("node big: more than 4096 words"), e.getMessage());
            assertTrue(lab.track(spawner.start(lab.spec("next"))).alive());
        }
    }
}
