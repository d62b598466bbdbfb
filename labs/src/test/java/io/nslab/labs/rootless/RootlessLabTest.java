package io.nslab.labs.rootless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nslab.labs.Nslab;
import io.nslab.netlink.testing.KernelTest;

/**
 * Labs without root (issue 22): a throwaway user builds labs/bridge.json in a user namespace
 * of their own, reaches its nodes, checks it, and takes it down; the machine's namespaces
 * never see any of it (ip, nft and mountinfo as witnesses), and after the last down the
 * holder of the user's namespaces is gone with everything else of theirs. Another user
 * neither sees nor touches that lab, and has a `bridge` of their own. What cannot be rootless
 * is refused in one line, before anything is made.
 */
@KernelTest
class RootlessLabTest {
    private static Path install;
    private static RootlessUser alice, bob;

    @BeforeAll
    static void users() throws Exception {
        install = RootlessUser.install();
        alice = RootlessUser.create(install, false);
        bob = RootlessUser.create(install, true);
    }

    @AfterAll
    static void removeUsers() throws Exception {
        try (RootlessUser a = alice; RootlessUser b = bob) {
            // closed in turn, even when one fails
        } finally {
            RootlessUser.root("rm", "-rf", install.toString());
        }
    }

    @Test
    void bridgeLabWithoutRootLeavesTheMachineAlone() throws Exception {
        String machine = machine();
        Nslab.Run up = alice.nslab("up", "labs/bridge.json");
        assertEquals(0, up.code(), up.toString());
        try {
            assertEquals(machine, machine(), "the lab is in alice's namespaces, not the machine's");
            assertFalse(alice.processes().isEmpty(), "the holder and the nodes run as alice");

            Nslab.Run ping = alice.nslab("exec", "client", "ping", "-c1", "-W2", "web");
            assertEquals(0, ping.code(), ping.toString());
            assertTrue(ping.out().contains("1 received"), ping.out());
            Nslab.Run curl = alice.nslab("exec", "client", "curl", "-sS", "-m3", "http://web/");
            assertEquals(0, curl.code(), curl.toString());
            assertTrue(curl.out().contains("\"hostname\":\"web\""), curl.out());
            Nslab.Run id = alice.nslab("exec", "web", "id", "-u");
            assertEquals("0\n", id.out(), "alice is root in her lab: " + id);

            Nslab.Run check = alice.nslab("check", "bridge");
            assertEquals(0, check.code(), check.toString());
            Nslab.Run status = alice.nslab("status", "bridge");
            assertEquals(0, status.code(), status.toString());
            assertTrue(status.out().contains("client") && status.out().contains("alive"), status.out());
            Nslab.Run ls = alice.nslab("ls");
            assertTrue(ls.out().contains("bridge"), ls.toString());
            assertTrue(Files.isDirectory(alice.nslabDir().resolve("labs/bridge")), "state in /tmp/nslab-UID without XDG_RUNTIME_DIR");
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(alice.nslabDir()));
            assertEquals(machine, machine());
        } finally {
            Nslab.Run down = alice.nslab("down", "bridge");
            assertEquals(0, down.code(), down.toString());
        }
        assertEquals(List.of(), alice.processes(), "after the last down nothing of alice's runs: the holder neither");
        assertFalse(Files.exists(alice.nslabDir().resolve("holder")));
        assertEquals(List.of(), list(alice.nslabDir().resolve("labs")));
        assertEquals(machine, machine());
    }

    /** The crash case: the holder killed, the lab's processes go with it, and `down` still ends the rest. */
    @Test
    void aKilledHolderTakesTheWholeLabWithIt() throws Exception {
        String machine = machine();
        Nslab.Run up = alice.nslab("up", "labs/bridge.json");
        assertEquals(0, up.code(), up.toString());
        try {
            List<String> running = alice.processes();
            assertTrue(running.size() > 3, "the holder, the nodes' inits and the services supervisor: " + running);
            String holder = Files.readString(alice.nslabDir().resolve("holder")).trim().split(" ")[0];
            RootlessUser.root("kill", "-KILL", holder);
            List<String> left = running;
            for (long end = System.nanoTime() + 10_000_000_000L; !left.isEmpty() && System.nanoTime() < end; Thread.sleep(50)) {
                left = alice.processes();
            }
            assertEquals(List.of(), left, "no process of the lab outlives its holder");
        } finally {
            Nslab.Run down = alice.nslab("down", "bridge");
            assertEquals(0, down.code(), down.toString());
        }
        assertEquals(List.of(), alice.processes(), "the down started a holder to work in, and stopped it");
        assertEquals(List.of(), list(alice.nslabDir().resolve("labs")));
        assertEquals(machine, machine());
    }

    /** Root's way to every user's labs (issue 22: "root may down --all everything with a flag"); a user has no such way. */
    @Test
    void rootEndsEveryUsersLabsWithAllUsers() throws Exception {
        String machine = machine();
        Nslab.Run up = alice.nslab("up", "labs/bridge.json");
        assertEquals(0, up.code(), up.toString());
        Path rootState = Files.createTempDirectory("nst-state");
        try {
            Nslab.Run refused = alice.nslab("down", "--all", "--all-users");
            assertEquals(2, refused.code(), refused.toString());
            assertTrue(refused.err().contains("--all-users is root's"), refused.toString());
            assertEquals(0, alice.nslab("exec", "client", "ping", "-c1", "-W2", "web").code(), "alice's lab is untouched by her refused command");

            // Root, with a state root of this test's own: root's labs of other tests stay up.
            System.setProperty("nslab.state", rootState.toString());
            Nslab.Run down = Nslab.run("down", "--all", "--all-users");
            assertEquals(0, down.code(), down.toString());
            assertTrue(down.out().contains("user " + alice.uid + " (" + alice.nslabDir() + "): labs bridge down, holder killed"), down.out());
            List<String> left = alice.processes();
            for (long end = System.nanoTime() + 10_000_000_000L; !left.isEmpty() && System.nanoTime() < end; Thread.sleep(50)) {
                left = alice.processes();
            }
            assertEquals(List.of(), left, "nothing of alice's labs runs");
            assertEquals(List.of(), list(alice.nslabDir().resolve("labs")), "and their state is gone");
            assertFalse(Files.exists(alice.nslabDir().resolve("holder")));
            assertEquals(machine, machine());
        } finally {
            System.clearProperty("nslab.state");
            RootlessUser.root("rm", "-rf", rootState.toString());
            alice.nslab("down", "--all");
        }
        assertEquals(List.of(), alice.processes());
    }

    /** capture and web, as a user (issue 22: "Every command works the same way ... capture and web"). */
    @Test
    void captureAndWebWorkAsAUser() throws Exception {
        String machine = machine();
        Path dir = Files.createTempDirectory("nst-user-files");
        RootlessUser.root("chown", alice.uid + ":" + alice.uid, dir.toString());
        Nslab.Run up = alice.nslab("up", "labs/bridge.json");
        assertEquals(0, up.code(), up.toString());
        try {
            // A capture of a ping into a file of alice's, read by tshark.
            Path pcap = dir.resolve("ping.pcapng"), out = dir.resolve("capture.out"), err = dir.resolve("capture.err");
            Process capture = alice.start(out, err, "capture", "-l", "bridge", "web:eth0", "-f", "icmp", "-c", "2", "--duration", "60s", "-w", pcap.toString());
            try {
                awaitText(err, "capturing on", capture);
                assertEquals(0, alice.nslab("exec", "client", "ping", "-c1", "-W2", "web").code());
                assertTrue(capture.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the capture ends at its count");
                assertEquals(0, capture.exitValue(), Files.readString(err));
            } finally {
                capture.destroyForcibly();
            }
            assertEquals("web:eth0\nweb:eth0\n", io.nslab.labs.Tshark.read(pcap, "-T", "fields", "-e", "frame.interface_name"));

            // The live page: served on 127.0.0.1 with its token, showing alice's lab; Ctrl-C ends it.
            out = dir.resolve("web.out");
            err = dir.resolve("web.err");
            Process web = alice.start(out, err, "web", "bridge");
            try {
                String url = awaitText(out, "http://127.0.0.1:", web).lines().filter(l -> l.contains("http://127.0.0.1:")).findFirst().orElseThrow();
                url = url.substring(url.indexOf("http://127.0.0.1:")).split("\\s")[0];
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode(), url);
                // The page comes with its first lab in it (PageFiles): alice's bridge, its nodes.
                assertTrue(page.body().contains("bridge") && page.body().contains("client"), "the page shows alice's lab");
                RootlessUser.root("kill", "-INT", Long.toString(web.pid()));
                Path webOut = out, webErr = err;
                assertTrue(web.waitFor(20, java.util.concurrent.TimeUnit.SECONDS),
                        () -> "Ctrl-C ends the page: " + read(webOut) + read(webErr));
            } finally {
                web.destroyForcibly();
            }
            assertEquals(machine, machine());
        } finally {
            assertEquals(0, alice.nslab("down", "bridge").code());
            RootlessUser.root("rm", "-rf", dir.toString());
        }
        assertEquals(List.of(), alice.processes());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Waits (at most 60 s) until {@code file} holds {@code text}; its content. */
    private static String awaitText(Path file, String text, Process p) throws Exception {
        for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            String got = Files.exists(file) ? Files.readString(file) : "";
            if (got.contains(text)) return got;
            if (!p.isAlive()) throw new AssertionError("ended before \"" + text + "\": " + got);
        }
        throw new AssertionError("no \"" + text + "\" within 60 s in " + file);
    }

    @Test
    void anotherUserNeitherSeesNorTouchesTheLab() throws Exception {
        Nslab.Run up = alice.nslab("up", "labs/bridge.json");
        assertEquals(0, up.code(), up.toString());
        try {
            Nslab.Run status = bob.nslab("status", "bridge");
            assertEquals(2, status.code(), status.toString());
            assertTrue(status.err().contains("no lab named \"bridge\" is up"), status.toString());
            assertEquals(2, bob.nslab("exec", "client", "true").code());
            Nslab.Run down = bob.nslab("down", "bridge");
            assertTrue(down.code() != 0, down.toString());
            Nslab.Run ls = bob.nslab("ls");
            assertFalse(ls.out().contains("bridge"), ls.toString());
            // Bob's own bridge lab, at the same time, under the same name; his state in his XDG_RUNTIME_DIR.
            Nslab.Run bobs = bob.nslab("up", "labs/bridge.json");
            assertEquals(0, bobs.code(), bobs.toString());
            assertTrue(Files.isDirectory(bob.nslabDir().resolve("labs/bridge")));
            assertEquals(0, bob.nslab("exec", "client", "ping", "-c1", "-W2", "web").code());
            assertEquals(0, bob.nslab("down", "bridge").code());
            assertEquals(List.of(), bob.processes(), "bob's holder is gone");
            assertTrue(alice.nslab("exec", "client", "ping", "-c1", "-W2", "web").code() == 0, "alice's lab is untouched");
        } finally {
            assertEquals(0, alice.nslab("down", "bridge").code());
        }
        assertEquals(List.of(), alice.processes());
    }

    @Test
    void whatNeedsRootIsRefusedBeforeAnythingIsMade() throws Exception {
        String machine = machine();
        for (List<String> args : List.of(List.of("up", "--on-host", "labs/bridge.json"), List.of("up", "labs/limits.json"))) {
            Nslab.Run run = alice.nslab(args.toArray(String[]::new));
            assertEquals(3, run.code(), args + ": " + run);
            assertEquals(1, run.err().lines().count(), args + ": " + run);
            assertTrue(run.err().startsWith("nslab up: ") && run.err().contains("(as root: sudo "), args + ": " + run);
        }
        Nslab.Run doctor = alice.nslab("doctor");
        assertEquals(0, doctor.code(), doctor.toString());
        assertTrue(doctor.out().lines().anyMatch(l -> l.startsWith("ok       rootless labs ")), doctor.out());
        assertTrue(doctor.out().lines().anyMatch(l -> l.startsWith("ok       netns ")), "doctor tries the kernel inside alice's namespace: " + doctor.out());
        assertEquals(List.of(), alice.processes(), "no holder stays behind a refused up, or doctor");
        assertEquals(List.of(), list(alice.nslabDir().resolve("labs")));
        assertEquals(machine, machine());
    }

    /** Every lesson passes `nslab test` as a user, but those that need root, which are refused as {@link #whatNeedsRootIsRefusedBeforeAnythingIsMade} shows. */
    @Test
    void everyLessonThatNeedsNoRootPassesItsTestsAsAUser() throws Exception {
        String machine = machine();
        List<String> passed = new java.util.ArrayList<>(), refused = new java.util.ArrayList<>(), failed = new java.util.ArrayList<>();
        try (var files = Files.list(install.resolve("labs"))) {
            for (Path lab : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Nslab.Run test = alice.nslab("test", "labs/" + lab.getFileName());
                String name = lab.getFileName().toString();
                if (test.code() == 0) passed.add(name);
                else if (test.code() == 3 && test.err().contains("(as root: sudo ")) refused.add(name);
                else failed.add(name + ": " + test);
            }
        }
        System.out.println("rootless nslab test: passed " + passed + "; refused (need root) " + refused);
        assertEquals(List.of(), failed);
        assertTrue(passed.size() >= 10, "passed: " + passed + ", refused: " + refused);
        assertTrue(refused.contains("limits.json"), "refused: " + refused);
        assertTrue(passed.contains("user.json"), "a node's user map takes alice's subordinate ids: " + passed + ", refused: " + refused);
        assertEquals(List.of(), alice.processes());
        assertEquals(machine, machine());
    }

    /**
     * A node's own user map takes the user's subordinate ids (newuidmap, /etc/subuid): the lab's
     * 100000 is the first of the user's range, wherever it lies (bob's is not alice's). The
     * node's root is, to the machine, bob's first subordinate id: nobody, not bob.
     */
    @Test
    void aNodesUserMapTakesTheUsersSubordinateIds() throws Exception {
        String machine = machine();
        long[] range = bob.subordinateIds("uid");
        Nslab.Run up = bob.nslab("up", "labs/user.json");
        assertEquals(0, up.code(), up.toString());
        try {
            String holder = Files.readString(bob.nslabDir().resolve("holder")).trim().split(" ")[0];
            assertTrue(Files.readString(Path.of("/proc", holder, "uid_map")).matches("(?s)\\s*0\\s+" + bob.uid + "\\s+1\\s+100000\\s+"
                    + range[0] + "\\s+" + range[1] + "\\s*"), "the holder's map, seen from the machine");
            Nslab.Run inside = bob.nslab("exec", "box", "cat", "/proc/self/uid_map");
            assertTrue(inside.out().matches("\\s*0\\s+100000\\s+65536\\s*"), "the node's map, seen from the lab: " + inside);
            String init = up.out().lines().filter(l -> l.startsWith("box ")).findFirst().orElseThrow().split("\\s+")[1];
            String uids = Files.readAllLines(Path.of("/proc", init, "status")).stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertEquals(List.of(Long.toString(range[0])), List.of(uids.split("\\s+")).subList(1, 5).stream().distinct().toList(),
                    "box's init, root in box, is bob's first subordinate uid to the machine: " + uids);
            Nslab.Run test = bob.nslab("check", "user");
            assertEquals(0, test.code(), test.toString());
        } finally {
            assertEquals(0, bob.nslab("down", "user").code());
        }
        assertEquals(List.of(), bob.processes(), "bob's holder is gone");
        assertFalse(Files.exists(bob.nslabDir().resolve("subids")), "the holder's note went with it");
        assertEquals(machine, machine());
    }

    /**
     * limits as a user, in a cgroup delegated to the user (issue 22): the labs' cgroups go below
     * it, and the limits lesson passes; after the last down nothing is left below it, so an
     * administrator's rmdir of it succeeds. Without one they are refused
     * ({@link #whatNeedsRootIsRefusedBeforeAnythingIsMade}).
     */
    @Test
    void limitsWorkInACgroupDelegatedToTheUser() throws Exception {
        String machine = machine();
        try (RootlessUser dave = RootlessUser.create(install, false)) {
            List<Path> delegated = dave.delegateCgroup();
            try {
                Nslab.Run test = dave.nslab("test", "labs/limits.json");
                assertEquals(0, test.code(), test.toString());
                Nslab.Run up = dave.nslab("up", "labs/limits.json");
                assertEquals(0, up.code(), up.toString());
                var v1 = io.nslab.core.cgroup.CgroupMounts.read().v1();
                for (Path d : delegated) {
                    assertTrue(Files.isDirectory(d.resolve("nslab/limits/hog")), "the node's cgroup is below the delegated one: " + d);
                    // bomb has no memory limit, so no memory cgroup of its own (v1: no directory in that hierarchy)
                    boolean memoryOnly = v1.containsKey("memory") && d.startsWith(v1.get("memory")) && !v1.get("memory").equals(v1.get("pids"));
                    assertEquals(!memoryOnly, Files.isDirectory(d.resolve("nslab/limits/bomb")), d.toString());
                }
                Nslab.Run status = dave.nslab("status", "limits");
                assertTrue(status.out().contains("/ 50"), "status shows the pids limit from the delegated tree: " + status);
                assertEquals(0, dave.nslab("down", "limits").code());
                assertEquals(List.of(), dave.processes());
                for (Path d : delegated) assertEquals(List.of(), list(d).stream().filter(f -> Files.isDirectory(d.resolve(f))).toList(), d.toString());
            } finally {
                dave.nslab("down", "limits"); // after a failed assertion the lab is still up, its cgroups busy
                dave.removeCgroup();
            }
        }
        assertEquals(machine, machine());
    }

    /** Without subordinate ids, a node's user map is refused in one line that says how to get them; the rest still works. */
    @Test
    void withoutSubordinateIdsAUserMapIsRefusedWithTheFix() throws Exception {
        try (RootlessUser carol = RootlessUser.create(install, false)) {
            carol.dropSubordinateIds();
            Nslab.Run run = carol.nslab("up", "labs/user.json");
            assertEquals(3, run.code(), run.toString());
            assertEquals(1, run.err().lines().count(), run.toString());
            assertTrue(run.err().contains("node \"box\" maps its uids to 100000-165535") && run.err().contains("/etc/subuid has no range for "
                    + carol.name + " (sudo usermod --add-subuids"), run.toString());
            assertEquals(List.of(), carol.processes(), "no holder stays behind a refused up");
            Nslab.Run bridge = carol.nslab("test", "labs/bridge.json");
            assertEquals(0, bridge.code(), "a lab without user maps needs no range: " + bridge);
        }
    }

    /** What a lab could leave in the machine's own namespaces, by independent witnesses. */
    static String machine() throws Exception {
        return "netns: " + RootlessUser.root("ip", "netns", "list") + "\nlinks: " + RootlessUser.root("ip", "-o", "link", "show").lines()
                .map(l -> l.split(": ")[1]).sorted().toList() + "\nnft: " + RootlessUser.root("nft", "list", "tables")
                + "\nmounts: " + Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains("/run/netns")).count();
    }

    static List<String> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
